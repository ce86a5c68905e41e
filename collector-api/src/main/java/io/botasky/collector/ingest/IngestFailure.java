package io.botasky.collector.ingest;

/**
 * Why ingest did not take or did not store work: thrown by {@link Ingest} at once (a full queue,
 * the database down) or completing the work's future (after an outage, a refused value, a stop).
 * These are domain outcomes, without HTTP: the API answers them (429, 503, 400, 500; see {@code
 * api.IngestAnswers}).
 */
public abstract sealed class IngestFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;

  IngestFailure(String message) {
    super(message, null, false, false);
  }

  /** The writer's queue is full: nothing was taken; the caller may retry after a pause. */
  public static final class Busy extends IngestFailure {
    private static final long serialVersionUID = 1L;
    private final int retryAfterSeconds;

    public Busy(String message, int retryAfterSeconds) {
      super(message);
      this.retryAfterSeconds = retryAfterSeconds;
    }

    public int retryAfterSeconds() {
      return retryAfterSeconds;
    }
  }

  /**
   * Nothing was stored: the database is down or busy, or the collector is stopping. The message
   * never carries the driver's text (it names hosts, users, sometimes SQL): that goes to the log.
   */
  public static final class Unavailable extends IngestFailure {
    private static final long serialVersionUID = 1L;
    private final int retryAfterSeconds;

    public Unavailable(String message, int retryAfterSeconds) {
      super(message);
      this.retryAfterSeconds = retryAfterSeconds;
    }

    public int retryAfterSeconds() {
      return retryAfterSeconds;
    }
  }

  /** The database refused a value; {@code field} names it in the request, or is null. */
  public static final class Refused extends IngestFailure {
    private static final long serialVersionUID = 1L;
    private final String field;

    public Refused(String field, String message) {
      super(message);
      this.field = field;
    }

    public String field() {
      return field;
    }
  }

  /** Storing failed for another reason; the driver's text is in the log, never in the message. */
  public static final class Failed extends IngestFailure {
    private static final long serialVersionUID = 1L;

    public Failed(String message) {
      super(message);
    }
  }

  static Unavailable databaseUnavailable() {
    return new Unavailable("database unavailable", 5);
  }
}
