package io.botasky.agent.alert;

import io.botasky.common.wire.Severity;

/**
 * What one outcome does to one alert, and why: the pure answer of {@link AlertTracker#decide}.
 *
 * @param severity the alert's severity after this outcome (null = not firing)
 */
public record AlertDecision(Reason reason, Severity severity) {

  /** Why an outcome did or did not change an alert. */
  public enum Reason {
    /** OK and not firing: nothing to say. */
    STILL_OK,
    /** Failing, but not yet as many times in a row as the debounce asks. */
    DEBOUNCING,
    /** Starts firing: send a firing event. */
    FIRE,
    /** Firing at another severity: send a firing event with the new severity. */
    SEVERITY_CHANGE,
    /** Firing as before. */
    STILL_FIRING,
    /** Better, but not below threshold minus margin: keeps the current severity. */
    HELD_BY_HYSTERESIS,
    /** Back to OK: send a resolved event. */
    RESOLVE
  }

  /** True when this decision sends an event. */
  public boolean emits() {
    return reason == Reason.FIRE || reason == Reason.SEVERITY_CHANGE || reason == Reason.RESOLVE;
  }
}
