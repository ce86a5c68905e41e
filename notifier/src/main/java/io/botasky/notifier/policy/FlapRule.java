package io.botasky.notifier.policy;

import java.time.Duration;

/**
 * {@code flap_changes} and {@code flap_window} of a policy, or of {@code [flapping]} for the
 * policies that name neither (docs/notifier.md, "Flapping").
 *
 * @param changes state changes (firing ↔ resolved) within {@code window} that make a fingerprint
 *     flapping; 0 turns flap detection off
 */
public record FlapRule(int changes, Duration window) {
  public static final int DEFAULT_CHANGES = 6;
  public static final Duration DEFAULT_WINDOW = Duration.ofMinutes(30);

  public static FlapRule defaults() {
    return new FlapRule(DEFAULT_CHANGES, DEFAULT_WINDOW);
  }

  public boolean off() {
    return changes == 0;
  }
}
