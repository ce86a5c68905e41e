package io.botasky.agent.probe;

import java.time.Duration;

/**
 * A probe with its timing: the runner starts it every {@code interval} and gives up on a round
 * after {@code deadline}.
 *
 * @param id the name in logs and in the probe_* self metrics: {@code system/cpu}, {@code
 *     mysql:3306}
 */
public record ScheduledProbe(String id, Probe probe, Duration interval, Duration deadline) {

  /** A round may take as long as the interval, but at least 5 s and at most 60 s. */
  public static Duration defaultDeadline(Duration interval) {
    long ms = Math.max(5_000, Math.min(60_000, interval.toMillis()));
    return Duration.ofMillis(ms);
  }

  public static ScheduledProbe of(Probe probe, Duration interval) {
    return new ScheduledProbe(probe.id(), probe, interval, defaultDeadline(interval));
  }
}
