package io.botasky.agent.probe.net;

import io.botasky.common.config.Durations;
import io.botasky.common.config.Section;
import io.botasky.common.wire.Severity;
import java.time.Duration;
import java.util.Locale;

/**
 * A warning and a critical duration, either of them {@code off} (null). {@code rising} limits fire
 * at or above the value (response time: {@code slow_warning <= slow_critical}); falling ones below
 * it (certificate time left: {@code cert_critical <= cert_warning}).
 */
public record TimeLimits(Duration warning, Duration critical, boolean rising) {

  /** The level {@code d} reaches, or null. */
  public Severity severityOf(Duration d) {
    if (critical != null && crosses(d, critical)) {
      return Severity.CRITICAL;
    }
    if (warning != null && crosses(d, warning)) {
      return Severity.WARNING;
    }
    return null;
  }

  /** The limit of a level, or null. */
  public Duration limit(Severity s) {
    return s == Severity.CRITICAL ? critical : s == Severity.WARNING ? warning : null;
  }

  private boolean crosses(Duration d, Duration limit) {
    return rising ? d.compareTo(limit) >= 0 : d.compareTo(limit) < 0;
  }

  /**
   * Reads {@code <prefix>_warning} and {@code <prefix>_critical} (a duration or {@code off}); an
   * order the other way round is an error on the critical key.
   */
  public static TimeLimits read(
      Section s, String prefix, Duration defWarning, Duration defCritical, boolean rising) {
    String wk = prefix + "_warning";
    String ck = prefix + "_critical";
    Duration w = optional(s, wk, defWarning);
    Duration c = optional(s, ck, defCritical);
    if (w != null && c != null && (rising ? c.compareTo(w) < 0 : c.compareTo(w) > 0)) {
      s.error(
          s.has(ck) ? ck : wk,
          rising
              ? ck
                  + " ("
                  + Durations.format(c)
                  + ") must not be below "
                  + wk
                  + " ("
                  + Durations.format(w)
                  + ")"
              : ck
                  + " ("
                  + Durations.format(c)
                  + ") must not be above "
                  + wk
                  + " ("
                  + Durations.format(w)
                  + ")");
    }
    return new TimeLimits(w, c, rising);
  }

  private static Duration optional(Section s, String key, Duration def) {
    String v = s.string(key, "").strip().toLowerCase(Locale.ROOT);
    if (v.equals("off")) {
      return null;
    }
    return s.duration(key, def);
  }
}
