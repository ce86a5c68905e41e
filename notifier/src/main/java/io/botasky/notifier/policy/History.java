package io.botasky.notifier.policy;

import java.util.List;

/**
 * What was already done for one alert.
 *
 * @param heard whether a firing notification was sent or is still pending (not cancelled), which is
 *     what earns a recovery notice
 * @param seen whether the notifier decided on the alert before: false the first time it looks at
 *     it, which for a resolved alert means it learned of it only once resolved (a late notice,
 *     docs/notifier.md, "Alerts that arrive resolved")
 */
public record History(List<PlanRecord> plans, boolean heard, boolean seen) {
  public History {
    plans = List.copyOf(plans);
  }

  /** Nothing done yet for an alert the notifier looks at for the first time. */
  public static History none() {
    return new History(List.of(), false, false);
  }

  /** Whether the recovery notice (or a late notice) was planned. */
  public boolean resolvedPlanned() {
    return plans.stream().anyMatch(p -> p.kind() == Kind.RESOLVED);
  }

  /** The highest epoch with a step or repeat, or -1 when nothing fired yet. */
  public int maxEpoch() {
    return plans.stream()
        .filter(p -> p.kind().firing())
        .mapToInt(PlanRecord::epoch)
        .max()
        .orElse(-1);
  }

  /**
   * The highest epoch at or above {@code base} with a step or repeat, or -1 when nothing fired in
   * the sequence starting there ({@link Sequences}).
   */
  public int maxEpochFrom(int base) {
    return plans.stream()
        .filter(p -> p.kind().firing() && p.epoch() >= base)
        .mapToInt(PlanRecord::epoch)
        .max()
        .orElse(-1);
  }

  public boolean has(int epoch, Kind kind, int step, int round) {
    return plans.stream()
        .anyMatch(
            p -> p.epoch() == epoch && p.kind() == kind && p.step() == step && p.round() == round);
  }
}
