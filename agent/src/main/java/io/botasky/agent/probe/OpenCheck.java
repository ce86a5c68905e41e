package io.botasky.agent.probe;

import io.botasky.common.config.Section;
import java.time.Duration;

/**
 * The keys every open-check section ({@code [command:*]}, {@code [http:*]}, {@code [tcp:*]}, {@code
 * [ping:*]}, {@code [network]}, {@code [logfile:*]}) shares: {@code interval} (default 1 min),
 * {@code timeout} (default 10 s, at most the interval) (docs/config-reference.md, "Open checks").
 * The service keys every probe section takes ({@code group} …) are read by {@code
 * io.botasky.agent.inventory.ServiceKeys}.
 */
public record OpenCheck(Duration interval, Duration timeout) {
  public static final Duration DEFAULT_INTERVAL = Duration.ofMinutes(1);
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  /** The time a round may take beyond its own timeout before the runner gives up on it. */
  static final Duration GRACE = Duration.ofSeconds(2);

  /** Reads the shared keys; problems go to the section's report. */
  public static OpenCheck read(Section s) {
    Duration interval = s.duration("interval", DEFAULT_INTERVAL);
    if (interval.isZero() || interval.isNegative()) {
      s.error("interval", "must be positive");
      interval = DEFAULT_INTERVAL;
    }
    Duration timeout = s.duration("timeout", DEFAULT_TIMEOUT);
    if (timeout.isZero() || timeout.isNegative()) {
      s.error("timeout", "must be positive");
      timeout = DEFAULT_TIMEOUT;
    }
    if (timeout.compareTo(interval) > 0) {
      // A check still running when its next round is due would pile rounds up behind it. The
      // default timeout simply shrinks with a short interval; a written one is a mistake.
      if (s.has("timeout")) {
        s.error("timeout", "must not be longer than the interval (" + interval.toMillis() + " ms)");
      }
      timeout = interval;
    }
    return new OpenCheck(interval, timeout);
  }

  /** {@code probe} run every interval; the runner gives up on a round 2 s after its timeout. */
  public ScheduledProbe schedule(Probe probe) {
    return new ScheduledProbe(probe.id(), probe, interval, timeout.plus(GRACE));
  }
}
