package io.botasky.notifier.policy;

import java.util.List;

/**
 * What was already done for one alert.
 *
 * @param heard whether a firing notification was sent or is still pending (not cancelled), which is
 *     what earns a recovery notice
 */
public record History(List<PlanRecord> plans, boolean heard) {
  public History {
    plans = List.copyOf(plans);
  }

  public static History none() {
    return new History(List.of(), false);
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
