package io.botasky.agent.transport;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The collector's write API over HTTP/1.1: one JSON POST per call, bearer token, timeout. */
public final class CollectorClient {
  private final HttpTransport http;
  private final URI base;
  private final String token;
  private final Duration timeout;

  /** The answer: {@code status}, and {@code Retry-After} when the collector sent one (429, 503). */
  public record Answer(int status, Optional<Duration> retryAfter, String body) {}

  public CollectorClient(HttpTransport http, URI base, String token, Duration timeout) {
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
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", "application/json");
    if (!token.isEmpty()) {
      headers.put("Authorization", "Bearer " + token);
    }
    HttpTransport.Reply r = http.post(base.resolve(path), headers, body, timeout);
    return new Answer(
        r.status(), retryAfter(Optional.ofNullable(r.headers().get("retry-after"))), r.body());
  }

  /**
   * GETs {@code pathAndQuery} with its own {@code timeout} (a long poll holds the answer back for
   * up to its {@code wait}); as {@link #post} otherwise.
   */
  public Answer get(String pathAndQuery, Duration timeout)
      throws IOException, InterruptedException {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Accept", "application/json");
    if (!token.isEmpty()) {
      headers.put("Authorization", "Bearer " + token);
    }
    HttpTransport.Reply r = http.get(base.resolve(pathAndQuery), headers, timeout);
    return new Answer(
        r.status(), retryAfter(Optional.ofNullable(r.headers().get("retry-after"))), r.body());
  }

  /** The timeout of every {@link #post}. */
  public Duration timeout() {
    return timeout;
  }

  /**
   * The longest wait a Retry-After can impose: a collector (or a proxy) must not park an agent for
   * days.
   */
  static final Duration MAX_RETRY_AFTER = Duration.ofHours(1);

  /**
   * Retry-After in seconds (the HTTP-date form is not used by our collector), at most {@link
   * #MAX_RETRY_AFTER}; anything but ASCII digits is ignored.
   */
  static Optional<Duration> retryAfter(Optional<String> header) {
    return header
        .map(String::strip)
        .filter(s -> s.matches("[0-9]+"))
        .map(
            s ->
                s.length() > 9
                    ? MAX_RETRY_AFTER
                    : Duration.ofSeconds(Math.min(Long.parseLong(s), MAX_RETRY_AFTER.toSeconds())));
  }
}
