package io.botasky.notifier.policy;

import io.botasky.common.config.Section;
import java.time.Duration;

/**
 * Reads {@code flap_changes} and {@code flap_window} (docs/config-reference.md), in a policy or in
 * {@code [flapping]}; bad values are reported with file:line and fall back to {@code def}.
 */
final class FlapRules {
  /** The planner reads this much alert history per fingerprint; a longer window is refused. */
  static final Duration MAX_WINDOW = Duration.ofDays(1);

  private FlapRules() {}

  /** The {@code [flapping]} section: the rule of every policy that does not set its own. */
  static FlapRule section(Section s) {
    if (s.instance() != null) {
      s.error(null, "[flapping] takes no name; per policy, set flap_changes and flap_window there");
    }
    FlapRule r = keys(s, FlapRule.defaults());
    s.finish();
    return r;
  }

  static FlapRule keys(Section s, FlapRule def) {
    int changes = s.intIn("flap_changes", def.changes(), 0, 1000);
    if (changes == 1) {
      s.error(
          "flap_changes",
          "must be 0 (no flap detection) or at least 2: one change is an alert firing or"
              + " resolving");
      changes = def.changes();
    }
    Duration window = s.duration("flap_window", def.window());
    if (window.compareTo(Duration.ofSeconds(1)) < 0) {
      s.error("flap_window", "must be at least 1s");
      window = def.window();
    } else if (window.compareTo(MAX_WINDOW) > 0) {
      s.error("flap_window", "must be at most 24h");
      window = def.window();
    }
    return new FlapRule(changes, window);
  }
}
