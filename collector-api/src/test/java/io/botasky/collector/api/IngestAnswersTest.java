package io.botasky.collector.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.botasky.collector.http.HttpError;
import io.botasky.collector.ingest.IngestFailure;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/**
 * Ingest's domain outcomes, answered: Busy 429 and Unavailable 503 with Retry-After, Refused 400,
 * Failed 500.
 */
class IngestAnswersTest {
  @Test
  void eachOutcomeHasItsStatus() {
    HttpError busy =
        (HttpError)
            IngestAnswers.toHttp(
                new IngestFailure.Busy("too many requests queued, retry shortly", 1));
    assertThat(busy.status()).isEqualTo(429);
    assertThat(busy.retryAfterSeconds()).isEqualTo(1);
    assertThat(busy.getMessage()).isEqualTo("too many requests queued, retry shortly");
    HttpError down =
        (HttpError) IngestAnswers.toHttp(new IngestFailure.Unavailable("database unavailable", 5));
    assertThat(down.status()).isEqualTo(503);
    assertThat(down.retryAfterSeconds()).isEqualTo(5);
    HttpError refused =
        (HttpError)
            IngestAnswers.toHttp(new IngestFailure.Refused("events[2].summary", "too long"));
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.field()).isEqualTo("events[2].summary");
    assertThat(refused.retryAfterSeconds()).isZero();
    HttpError failed = (HttpError) IngestAnswers.toHttp(new IngestFailure.Failed("internal error"));
    assertThat(failed.status()).isEqualTo(500);
  }

  @Test
  void anOutcomeThrownAtOnceOrCompletingTheFutureIsMapped() {
    HttpError now =
        catchThrowableOfType(
            HttpError.class,
            () ->
                IngestAnswers.of(
                    () -> {
                      throw new IngestFailure.Busy("full", 1);
                    }));
    assertThat(now.status()).isEqualTo(429);

    CompletableFuture<Integer> later = new CompletableFuture<>();
    CompletableFuture<Integer> answered = IngestAnswers.of(() -> later).thenApply(n -> n + 1);
    later.completeExceptionally(new IngestFailure.Unavailable("collector is stopping", 5));
    CompletionException e = catchThrowableOfType(CompletionException.class, answered::join);
    assertThat(e.getCause())
        .isInstanceOfSatisfying(HttpError.class, h -> assertThat(h.status()).isEqualTo(503));

    IllegalStateException other = new IllegalStateException("bug");
    CompletableFuture<Integer> unexpected =
        IngestAnswers.of(() -> CompletableFuture.<Integer>failedFuture(other));
    assertThat(catchThrowableOfType(CompletionException.class, unexpected::join).getCause())
        .isSameAs(other);
  }
}
