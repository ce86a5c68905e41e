package io.botasky.notifier.policy;

import java.util.Locale;

/**
 * What a notification is about; stored lower-case in {@code notify_plan.kind} and {@code
 * notifications.kind}.
 */
public enum Kind {
  /** A step of the policy fell due. */
  STEP,
  /** The last step, repeated while the alert stays unacked. */
  REPEAT,
  /** The recovery notice. */
  RESOLVED,
  /** A copy to the log channel because the planned channel kept failing. */
  FALLBACK,
  /** The alert's fingerprint started flapping (docs/notifier.md, "Flapping"). */
  FLAPPING;

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Kind parse(String s) {
    return s == null ? STEP : valueOf(s.toUpperCase(Locale.ROOT));
  }

  /** Whether a notification of this kind tells its recipient that the alert is firing. */
  public boolean firing() {
    return this == STEP || this == REPEAT;
  }
}
