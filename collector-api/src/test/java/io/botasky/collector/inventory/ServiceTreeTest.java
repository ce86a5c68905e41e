package io.botasky.collector.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import io.botasky.collector.store.Service;
import io.botasky.common.wire.ServiceEntry;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The tree of docs/api.md, "Services". */
class ServiceTreeTest {
  static Service svc(String instance, String group, String state) {
    return new Service(
        "pi3",
        new ServiceEntry(null, "redis", instance, group, "ok", "", 1, 60, List.of(), false),
        0,
        1,
        new Service.Derived(state, 1, false, ""));
  }

  @Test
  void nodesCountEverythingBelowSortedByNameUngroupedForNone() {
    ServiceTree.Node root =
        ServiceTree.build(
            List.of(
                svc("1", "prod/db", "critical"),
                svc("2", "dev/cache", "ok"),
                svc("3", "dev", "warning"),
                svc("4", "", "stale")));
    assertThat(root.name()).isEmpty();
    assertThat(root.counts())
        .containsExactly(
            java.util.Map.entry("ok", 1),
            java.util.Map.entry("warning", 1),
            java.util.Map.entry("critical", 1),
            java.util.Map.entry("unknown", 0),
            java.util.Map.entry("stale", 1));
    assertThat(root.children())
        .extracting(ServiceTree.Node::name)
        .containsExactly("dev", "prod", "ungrouped");
    ServiceTree.Node dev = root.children().get(0);
    assertThat(dev.counts().get("ok")).isEqualTo(1);
    assertThat(dev.counts().get("warning")).isEqualTo(1);
    assertThat(dev.services()).extracting(ServiceView::instance).containsExactly("3");
    assertThat(dev.children().get(0).services())
        .extracting(ServiceView::instance)
        .containsExactly("2");
    assertThat(root.children().get(2).services())
        .extracting(ServiceView::instance)
        .containsExactly("4");
  }

  @Test
  void groupFilterIsTheNodeAndBelow() {
    assertThat(ServiceTree.inGroup("dev/cache", "dev")).isTrue();
    assertThat(ServiceTree.inGroup("dev", "dev")).isTrue();
    assertThat(ServiceTree.inGroup("devops", "dev")).isFalse();
    assertThat(ServiceTree.inGroup("", "ungrouped")).isTrue();
    assertThat(ServiceTree.inGroup("", "dev")).isFalse();
  }
}
