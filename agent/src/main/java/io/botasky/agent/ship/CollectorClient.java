package io.botasky.agent.ship;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** The collector's write API over the JDK HttpClient: one JSON POST per call, bearer token, timeout. */
public final class CollectorClient {
  private final HttpClient http;
  private final URI base;
  private final String token;
  private final Duration timeout;

  /**
   * The answer: {@code status}, and {@code Retry-After} when the collector sent one (429, 503).
   */
  public record Answer(int status, Optional<Duration> retryAfter, String body) {}

  /**
   * A client for plain HTTP that never initialises TLS ({@code tls = false}), or one with the JDK's
   * default TLS setup.
   */
  public static HttpClient httpClient(boolean tls, Duration connectTimeout, java.util.concurrent.Executor executor) {
    HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(connectTimeout).executor(executor);
    if (!tls) {
      b.sslContext(new PlainHttpOnly()).sslParameters(new javax.net.ssl.SSLParameters());
    }
    return b.build();
  }

  public CollectorClient(HttpClient http, URI base, String token, Duration timeout) {
    this.http = http;
    this.base = base;
    this.token = token;
    this.timeout = timeout;
  }

  public URI base() {
    return base;
  }

  /**
   * POSTs {@code body} (JSON) to {@code path}. Throws IOException when the collector cannot be
   * reached or does not answer in time; interruptible, so a stopping agent does not wait.
   */
  public Answer post(String path, byte[] body) throws IOException, InterruptedException {
    HttpRequest.Builder rb = HttpRequest.newBuilder(base.resolve(path))
        .timeout(timeout)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (!token.isEmpty()) {
      rb.header("Authorization", "Bearer " + token);
    }
    CompletableFuture<HttpResponse<String>> f = http.sendAsync(rb.build(), HttpResponse.BodyHandlers.ofString());
    try {
      HttpResponse<String> r = f.get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
      return new Answer(r.statusCode(), retryAfter(r.headers().firstValue("Retry-After")), r.body());
    } catch (InterruptedException e) {
      f.cancel(true);
      throw e;
    } catch (TimeoutException e) {
      f.cancel(true);
      throw new IOException("no answer within " + timeout.toSeconds() + " s", e);
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      throw c instanceof IOException io ? io : new IOException(String.valueOf(c), c);
    }
  }

  /** Retry-After in seconds (the HTTP-date form is not used by our collector). */
  static Optional<Duration> retryAfter(Optional<String> header) {
    try {
      return header.map(String::strip).map(Long::parseLong).filter(s -> s >= 0).map(Duration::ofSeconds);
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }
}
