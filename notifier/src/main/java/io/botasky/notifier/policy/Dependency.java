package io.botasky.notifier.policy;

import java.util.List;

/**
 * A {@code [dependency NAME]} section (docs/notifier.md, "Dependencies"): while an alert matching
 * every {@code parent} term fires, alerts matching every {@code children} term (on any host) are
 * not notified. The built-in rule — a host's {@code host/host_down} parents the host's other alerts
 * — needs no section; see {@link Suppressor}.
 */
public record Dependency(String name, List<Condition> parent, List<Condition> children) {
  public Dependency {
    parent = List.copyOf(parent);
    children = List.copyOf(children);
  }

  public boolean isParent(AlertFacts a) {
    return parent.stream().allMatch(c -> c.test(a));
  }

  public boolean isChild(AlertFacts a) {
    return children.stream().allMatch(c -> c.test(a));
  }
}
