package io.botasky.agent.transport;

/**
 * Which of the configured masters the agent talks to, and when it moves on (docs/agent.md, "Several
 * masters"). The agent starts with the first; it stays with the current one while it answers, and
 * after {@link #MOVE_AFTER} failed attempts in a row it moves to the next in the list (after the
 * last, the first again). It is sticky: a master earlier in the list that is up again is not gone
 * back to; the agent only moves again when the current one fails. A failed attempt is one the
 * master could not answer (connection refused or reset, timeout) or answered 5xx; a 4xx is the
 * request's fault, not the master's, and counts as an answer.
 *
 * <p>A pure value: {@link Masters} holds the current one and replaces it with each decision's.
 *
 * @param count how many masters are configured (at least 1)
 * @param current index of the master in use
 * @param failures failed attempts in a row against {@code current}
 */
public record MasterChoice(int count, int current, int failures) {
  /** Failed attempts in a row after which the agent moves to the next master. */
  public static final int MOVE_AFTER = 2;

  public MasterChoice {
    if (count < 1 || current < 0 || current >= count || failures < 0) {
      throw new IllegalArgumentException(
          "count " + count + ", current " + current + ", failures " + failures);
    }
  }

  /** Why the decision was taken. */
  public enum Reason {
    /** The current master answered: stay, the count of failures starts again. */
    ANSWERED,
    /** The current master failed, fewer than {@link #MOVE_AFTER} times in a row: stay. */
    FAILED_ONCE,
    /** The current master failed {@link #MOVE_AFTER} times in a row: move to the next. */
    MOVED,
    /** The only master failed: there is nowhere to move, keep retrying it. */
    ONLY_ONE,
    /**
     * The attempt went to a master that is no longer the current one (it was sent before a move):
     * it says nothing about the current one.
     */
    NOT_CURRENT
  }

  /** What happened to one attempt. */
  public enum Outcome {
    /** Any HTTP answer below 500. */
    ANSWERED,
    /** No answer (refused, reset, timeout) or a 5xx. */
    FAILED
  }

  /** A decision and the choice to keep for the next attempt. */
  public record Decision(Reason reason, MasterChoice next) {}

  /** Starts with the first of {@code count} masters. */
  public static MasterChoice first(int count) {
    return new MasterChoice(count, 0, 0);
  }

  /** The outcome of an attempt the master answered with {@code status}: 5xx is a failure. */
  public static Outcome of(int status) {
    return status >= 500 ? Outcome.FAILED : Outcome.ANSWERED;
  }

  /** The decision after an attempt against master {@code attempted} ended with {@code outcome}. */
  public Decision after(int attempted, Outcome outcome) {
    if (attempted != current) {
      return new Decision(Reason.NOT_CURRENT, this);
    }
    if (outcome == Outcome.ANSWERED) {
      return new Decision(Reason.ANSWERED, new MasterChoice(count, current, 0));
    }
    int n = failures + 1;
    if (n < MOVE_AFTER) {
      return new Decision(Reason.FAILED_ONCE, new MasterChoice(count, current, n));
    }
    if (count == 1) {
      // Capped: the count only matters for moving, and one master never moves.
      return new Decision(Reason.ONLY_ONE, new MasterChoice(count, current, MOVE_AFTER));
    }
    return new Decision(Reason.MOVED, new MasterChoice(count, (current + 1) % count, 0));
  }
}
