package io.botasky.notifier.policy;

/**
 * Why {@link Escalator#decide} planned something or nothing. Logged with every decision and shown
 * by {@code boird explain}, so a test (and an operator) can tell why a notification went out or
 * not.
 */
public enum Reason {
  /** One or more steps reached their delay. */
  STEP_DUE,
  /** The severity rose above what was notified: the steps run again at the new severity. */
  SEVERITY_ROSE,
  /** The repeat interval after the last step ran out while the alert stayed unacked. */
  REPEAT_DUE,
  /** The alert resolved and someone heard of it: recovery notice. */
  RESOLVED_NOTICE,
  /** Nothing due yet; see the decision's next check time. */
  NOT_DUE,
  /** Every step went out and the policy does not repeat. */
  ALL_STEPS_DONE,
  /** Acked: escalation and repeats stop. */
  STOPPED_ACKED,
  /** A silence covers the alert: it is stored but nobody is notified. */
  SUPPRESSED_SILENCED,
  /** Resolved before anybody was notified: no recovery notice either. */
  RESOLVED_UNHEARD,
  /**
   * The notifier learned of the alert only once resolved, after it had lived past a step's delay:
   * one late notice to those steps' recipients (docs/notifier.md, "Alerts that arrive resolved").
   */
  RESOLVED_LATE,
  /** Resolved and the recovery notice was already planned. */
  RESOLVED_DONE,
  /** No policy matches and there is no {@code [policy default]}. */
  NO_POLICY,
  // Maintenance windows (docs/notifier.md, "Maintenance windows").
  /** An active maintenance window matches the alert: stored, nobody notified until it ends. */
  SUPPRESSED_MAINTENANCE,
  // Flapping (docs/notifier.md, "Flapping").
  /** flap_changes state changes within flap_window: one FLAPPING notice to the first step's. */
  FLAPPING_STARTED,
  /** Flapping started while silenced, acked or without a notifying step: no FLAPPING notice. */
  FLAPPING_QUIET,
  /** Flapping: nothing is notified until the fingerprint is stable for flap_window. */
  FLAPPING_HELD,
  /** Stable for flap_window after flapping: the current state is notified once. */
  FLAPPING_STABLE,
  // Dependencies (docs/notifier.md, "Dependencies")
  /**
   * A parent alert fires (the host's host_down, or a {@code [dependency NAME]} parent): the alert
   * is stored, listed in the parent's mail, and notified only if still firing when the parent ends.
   */
  SUPPRESSED_BY_PARENT,
  // Ack expiry (docs/notifier.md, "Ack expiry").
  /** The alert's ack ran out while it still fired: its steps run again from the first. */
  ACK_EXPIRED
}
