package io.botasky.notifier.policy;

import java.time.Duration;
import java.util.List;

/**
 * A {@code [policy NAME]} section. {@code match} terms must all hold; an empty list matches every
 * alert (only {@code [policy default]} may have none).
 *
 * @param repeat interval to repeat the last notifying step while unacked, or null for never
 * @param resolved who hears of recovery, or null for "everyone who heard of the alert"
 * @param flapping when the alert's fingerprint counts as flapping (docs/notifier.md, "Flapping")
 */
public record Policy(
    String name,
    List<Condition> match,
    List<Step> steps,
    Duration repeat,
    Recipients resolved,
    Duration groupWait,
    FlapRule flapping) {
  public Policy {
    match = List.copyOf(match);
    steps = List.copyOf(steps);
    flapping = flapping == null ? FlapRule.defaults() : flapping;
  }

  /** A policy with the default flap rule. */
  public Policy(
      String name,
      List<Condition> match,
      List<Step> steps,
      Duration repeat,
      Recipients resolved,
      Duration groupWait) {
    this(name, match, steps, repeat, resolved, groupWait, FlapRule.defaults());
  }

  public boolean matches(AlertFacts alert) {
    return match.stream().allMatch(c -> c.test(alert));
  }

  public Step lastStep() {
    return steps.get(steps.size() - 1);
  }

  /**
   * The step {@code repeat} repeats: the last one that notifies someone, or null when every step is
   * an action. An action runs once per firing alert and is never repeated (docs/notifier.md).
   */
  public Step repeatedStep() {
    for (int i = steps.size() - 1; i >= 0; i--) {
      if (!steps.get(i).isAction()) {
        return steps.get(i);
      }
    }
    return null;
  }
}
