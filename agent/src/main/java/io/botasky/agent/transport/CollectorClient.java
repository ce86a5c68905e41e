package io.botasky.agent.transport;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The collector's write API over HTTP/1.1: one JSON POST per call, bearer token, timeout. Each call
 * goes to the current one of the agent's masters and reports to {@link Masters} whether it answered
 * (docs/agent.md, "Several masters"), so the next call may go to another.
 */
public final class CollectorClient {
  private final HttpTransport http;
  private final Masters masters;
  private final String token;
  private final Duration timeout;

  /** The answer: {@code status}, and {@code Retry-After} when the collector sent one (429, 503). */
  public record Answer(int status, Optional<Duration> retryAfter, String body) {}

  /** With a single master at {@code base}. */
  public CollectorClient(HttpTransport http, URI base, String token, Duration timeout) {
    this(http, Masters.of(base), token, timeout);
  }

  /** With the agent's masters, shared with its other clients. */
  public CollectorClient(HttpTransport http, Masters masters, String token, Duration timeout) {
    this.http = http;
    this.masters = masters;
    this.token = token;
    this.timeout = timeout;
  }

  /** The base URL of the master in use now. */
  public URI base() {
    return masters.current().base();
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
    Masters.Current m = masters.current();
    HttpTransport.Reply r;
    try {
      r = http.post(m.base().resolve(path), headers, body, timeout);
    } catch (IOException e) {
      masters.failed(m, cause(e));
      throw e;
    }
    masters.answered(m, r.status());
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
    Masters.Current m = masters.current();
    HttpTransport.Reply r;
    try {
      r = http.get(m.base().resolve(pathAndQuery), headers, timeout);
    } catch (IOException e) {
      masters.failed(m, cause(e));
      throw e;
    }
    masters.answered(m, r.status());
    return new Answer(
        r.status(), retryAfter(Optional.ofNullable(r.headers().get("retry-after"))), r.body());
  }

  /**
   * How a request failed, for the line that logs a move: the exception's message with a lower-case
   * first letter ("connection refused"), its class when it has none.
   */
  static String cause(IOException e) {
    String m = e.getMessage();
    if (m == null || m.isBlank()) {
      return e.getClass().getSimpleName();
    }
    String t = m.strip();
    return t.substring(0, 1).toLowerCase(Locale.ROOT) + t.substring(1);
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
