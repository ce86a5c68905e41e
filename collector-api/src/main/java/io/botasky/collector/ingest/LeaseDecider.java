package io.botasky.collector.ingest;

import io.botasky.collector.store.LeaseSql.Lease;

/**
 * Who holds the watch lease after this collector's tick (docs/collector.md, "Several collectors"):
 * a pure function of the row as read, this collector's name and term, and the time.
 */
public final class LeaseDecider {
  private LeaseDecider() {}

  /** What the tick writes. */
  public enum Outcome {
    /** No row yet: this collector creates it, term 1. */
    CREATE,
    /** This collector holds it: it pushes the expiry on. */
    RENEW,
    /** The holder's lease ran out (or was this collector's own before a restart): term + 1. */
    TAKE_OVER,
    /** Another collector holds it: nothing is written. */
    FOLLOW
  }

  /** The outcome, the term and holder after it, and why. */
  public record Decision(Outcome outcome, long term, String holder, String reason) {
    public boolean leads() {
      return outcome != Outcome.FOLLOW;
    }
  }

  /**
   * @param row the lease as read (locked), null when there is none
   * @param me this collector's name
   * @param myTerm the term this collector holds, 0 when it holds none
   * @param now this collector's clock; holders' clocks are assumed within a second of each other
   *     (NTP), and the fencing check keeps a wrong guess from writing twice
   */
  public static Decision decide(Lease row, String me, long myTerm, long now) {
    if (row == null) {
      return new Decision(Outcome.CREATE, 1, me, "no collector held the watch yet");
    }
    if (row.holder().equals(me)) {
      if (row.term() == myTerm) {
        return new Decision(Outcome.RENEW, myTerm, me, "renewed");
      }
      // The same name at another term: this collector's own lease from before a restart.
      return new Decision(
          Outcome.TAKE_OVER, row.term() + 1, me, "held by this collector before it restarted");
    }
    if (row.expiresAt() < now) {
      return new Decision(
          Outcome.TAKE_OVER,
          row.term() + 1,
          me,
          "the lease of " + row.holder() + " ran out " + (now - row.expiresAt()) + " ms ago");
    }
    return new Decision(
        Outcome.FOLLOW,
        row.term(),
        row.holder(),
        "held by " + row.holder() + " for " + (row.expiresAt() - now) + " ms more");
  }
}
