package io.botasky.collector.inventory;

import io.botasky.collector.store.Service;
import io.botasky.common.wire.GroupPath;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The services as a tree of their groups (docs/api.md, "Services"): the root is named {@code ""},
 * children are sorted by name, each node counts every service below it, a service is listed in its
 * own node, and one without a group sits under {@code ungrouped}.
 */
public final class ServiceTree {
  /** The states a node counts, best first. */
  public static final List<String> STATES =
      List.of("ok", "warning", "critical", "unknown", "stale");

  /** One node of the tree. */
  public record Node(
      String name, Map<String, Integer> counts, List<Node> children, List<ServiceView> services) {}

  private ServiceTree() {}

  /** Whether {@code group} is {@code filter} or below it ({@code ungrouped} = no group). */
  public static boolean inGroup(String group, String filter) {
    String g = group.isEmpty() ? GroupPath.UNGROUPED : group;
    return g.equals(filter) || g.startsWith(filter + "/");
  }

  public static Node build(List<Service> services) {
    Builder root = new Builder("");
    for (Service s : services) {
      String group = s.entry().group().isEmpty() ? GroupPath.UNGROUPED : s.entry().group();
      Builder at = root;
      root.count(s.derived().state());
      for (String part : group.split("/")) {
        at = at.children.computeIfAbsent(part, Builder::new);
        at.count(s.derived().state());
      }
      at.services.add(ServiceView.of(s));
    }
    return root.build();
  }

  private static final class Builder {
    private final String name;
    private final Map<String, Integer> counts = new LinkedHashMap<>();
    private final Map<String, Builder> children = new TreeMap<>();
    private final List<ServiceView> services = new ArrayList<>();

    Builder(String name) {
      this.name = name;
      STATES.forEach(st -> counts.put(st, 0));
    }

    void count(String state) {
      counts.merge(state, 1, Integer::sum);
    }

    Node build() {
      List<Node> kids = new ArrayList<>();
      children.values().forEach(b -> kids.add(b.build()));
      return new Node(name, counts, kids, services);
    }
  }
}
