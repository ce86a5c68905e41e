package io.botasky.collector.api;

import io.botasky.collector.http.HttpError;
import io.botasky.collector.ingest.IngestFailure;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/**
 * Answers ingest's domain outcomes as the API does: {@code Busy} 429 and {@code Unavailable} 503,
 * both with Retry-After; {@code Refused} 400 naming the field; {@code Failed} 500.
 */
final class IngestAnswers {
  private IngestAnswers() {}

  /**
   * Calls ingest; an {@link IngestFailure}, thrown at once or completing the future, becomes its
   * {@link HttpError}.
   */
  static <T> CompletableFuture<T> of(Supplier<CompletableFuture<T>> call) {
    CompletableFuture<T> stored;
    try {
      stored = call.get();
    } catch (IngestFailure f) {
      throw toHttp(f);
    }
    return stored.exceptionallyCompose(t -> CompletableFuture.failedFuture(toHttp(t)));
  }

  static RuntimeException toHttp(IngestFailure f) {
    if (f instanceof IngestFailure.Busy b) {
      return new HttpError(429, null, b.getMessage(), b.retryAfterSeconds());
    } else if (f instanceof IngestFailure.Unavailable u) {
      return new HttpError(503, null, u.getMessage(), u.retryAfterSeconds());
    } else if (f instanceof IngestFailure.Refused r) {
      return HttpError.badRequest(r.field(), r.getMessage());
    }
    return new HttpError(500, null, f.getMessage());
  }

  private static Throwable toHttp(Throwable t) {
    Throwable cause = t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
    return cause instanceof IngestFailure f ? toHttp(f) : t;
  }
}
