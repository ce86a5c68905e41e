package io.botasky.collector.http;

/**
 * A contract error answer ({@code {"error": …, "field": …}}). Thrown by handlers; the dispatcher
 * writes it. {@code retryAfterSeconds} > 0 adds a Retry-After header (429, 503).
 */
public final class HttpError extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int status;
  private final String field;
  private final int retryAfterSeconds;

  public HttpError(int status, String field, String message) {
    this(status, field, message, 0);
  }

  public HttpError(int status, String field, String message, int retryAfterSeconds) {
    super(message, null, false, false);
    this.status = status;
    this.field = field;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  public static HttpError badRequest(String field, String message) {
    return new HttpError(400, field, message);
  }

  public static HttpError unavailable(String message) {
    return new HttpError(503, null, message, 5);
  }

  public int status() {
    return status;
  }

  public String field() {
    return field;
  }

  public int retryAfterSeconds() {
    return retryAfterSeconds;
  }
}
