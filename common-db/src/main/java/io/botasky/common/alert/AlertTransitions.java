package io.botasky.common.alert;

import io.botasky.common.wire.AlertState;
import io.botasky.common.wire.Severity;

/**
 * What an event does to its alert: a pure function of the open alert (or none), the event and the
 * time, returning the new row and the reason, so tests can assert why.
 */
public final class AlertTransitions {
  /** Why the alert changed (or did not). */
  public enum Reason {
    /** A firing event with no open alert: a new alert. */
    OPENED,
    /** A firing event for an open alert at the same or a lower severity. */
    REFRESHED,
    /** A firing event above the alert's severity; an acked alert stays acked. */
    SEVERITY_RAISED,
    /** A severity rise on an acked alert: the ack no longer covers it, escalation starts again. */
    REOPENED_ABOVE_ACK,
    /** A resolved event for an open alert. */
    RESOLVED,
    /**
     * A resolved event with no open alert (already resolved, or never seen): stored, nothing
     * changes.
     */
    NOTHING_OPEN
  }

  /** The outcome: the row to write (null when nothing changes) and why. */
  public record Transition(Reason reason, AlertRow row) {}

  private AlertTransitions() {}

  public static Transition apply(AlertRow open, ValidEvent e, long now) {
    if (e.state() == AlertState.RESOLVED) {
      if (open == null) {
        return new Transition(Reason.NOTHING_OPEN, null);
      }
      return new Transition(
          Reason.RESOLVED,
          new AlertRow(
              open.id(),
              null,
              open.host(),
              open.resource(),
              open.instance(),
              open.check(),
              open.severity(),
              AlertState.RESOLVED,
              open.summary(),
              open.value(),
              open.threshold(),
              open.detailsJson(),
              open.firstSeen(),
              Math.max(open.lastSeen(), e.observedAt()),
              open.occurrences(),
              open.ackedBy(),
              open.ackedAt(),
              open.ackComment(),
              e.observedAt(),
              now,
              // Kept as the record of the ack; only an acked alert's ack can expire.
              open.ackExpiresAt(),
              open.ackExpiries(),
              open.ackExpiredAt()));
    }
    if (open == null) {
      return new Transition(
          Reason.OPENED,
          new AlertRow(
              0,
              e.openKey(),
              e.host(),
              e.resource(),
              e.instance(),
              e.check(),
              e.severity(),
              AlertState.FIRING,
              e.summary(),
              e.value(),
              e.threshold(),
              e.detailsJson(),
              e.observedAt(),
              e.observedAt(),
              1,
              null,
              null,
              null,
              null,
              now,
              null,
              0,
              null));
    }
    Severity highest = e.severity().atLeast(open.severity()) ? e.severity() : open.severity();
    boolean raised = highest.compareTo(open.severity()) > 0;
    boolean reopen = raised && open.state() == AlertState.ACKED;
    Reason reason =
        reopen ? Reason.REOPENED_ABOVE_ACK : raised ? Reason.SEVERITY_RAISED : Reason.REFRESHED;
    return new Transition(
        reason,
        new AlertRow(
            open.id(),
            open.openKey(),
            open.host(),
            open.resource(),
            open.instance(),
            open.check(),
            highest,
            reopen ? AlertState.FIRING : open.state(),
            e.summary(),
            e.value(),
            e.threshold(),
            e.detailsJson(),
            Math.min(open.firstSeen(), e.observedAt()),
            Math.max(open.lastSeen(), e.observedAt()),
            open.occurrences() + 1,
            reopen ? null : open.ackedBy(),
            reopen ? null : open.ackedAt(),
            reopen ? null : open.ackComment(),
            null,
            now,
            reopen ? null : open.ackExpiresAt(),
            // An expiry stays counted: the notifier's sequences after it keep their epochs.
            open.ackExpiries(),
            open.ackExpiredAt()));
  }
}
