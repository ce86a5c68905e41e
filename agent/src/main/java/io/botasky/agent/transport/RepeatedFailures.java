package io.botasky.agent.transport;

import java.util.Objects;

/**
 * When to give up on one event or batch the collector keeps failing the same way. A 5xx is retried,
 * as an outage passes; but a value the collector cannot store answers the same error every time,
 * and retried forever it would hold back every later alert of the host. So the same answer (status
 * and body) to the same thing {@link #LIMIT} times in a row sets it aside under {@code rejected/}.
 * Answers that mean the collector or the way to it is not ready (401/403 until a token is fixed,
 * 404, 408, 429, 502, 503, 504) never count: data waits out an outage however long it lasts.
 *
 * <p>A pure value: the deliverer keeps the current streak and replaces it with each decision's.
 *
 * @param subject the event or batch id the streak is about; null for none
 * @param status the status it kept getting
 * @param body the body it kept getting (stripped)
 * @param count how many times in a row
 */
public record RepeatedFailures(String subject, int status, String body, int count) {
  /** The same answer this many times in a row sets the data aside. */
  public static final int LIMIT = 5;

  /** Why a failed send is retried or set aside. */
  public enum Reason {
    /**
     * The collector, its database or the way to them is not ready: retry, however long it takes.
     */
    OUTAGE,
    /** A failure that may still pass: retry. */
    RETRY_AGAIN,
    /** The same failure {@link #LIMIT} times in a row: set the data aside. */
    SET_ASIDE
  }

  /** A decision and the streak to keep for the next one. */
  public record Decision(Reason reason, RepeatedFailures streak) {}

  public static RepeatedFailures none() {
    return new RepeatedFailures(null, 0, "", 0);
  }

  /**
   * Whether {@code status} (one {@link AnswerClass#RETRY} gives) means "not ready" rather than
   * "cannot store this".
   */
  public static boolean isOutage(int status) {
    return switch (status) {
      case 401, 403, 404, 408, 429, 502, 503, 504 -> true;
      default -> false;
    };
  }

  /**
   * The decision after {@code subject} was answered {@code status} and {@code body} (a retried
   * answer).
   */
  public Decision after(String subject, int status, String body) {
    if (isOutage(status)) {
      return new Decision(Reason.OUTAGE, none());
    }
    String b = body == null ? "" : body.strip();
    int n =
        Objects.equals(subject, this.subject) && status == this.status && b.equals(this.body)
            ? count + 1
            : 1;
    if (n >= LIMIT) {
      return new Decision(Reason.SET_ASIDE, none());
    }
    return new Decision(Reason.RETRY_AGAIN, new RepeatedFailures(subject, status, b, n));
  }
}
