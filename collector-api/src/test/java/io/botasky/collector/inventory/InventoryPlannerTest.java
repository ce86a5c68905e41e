package io.botasky.collector.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import io.botasky.collector.store.HostInventory;
import io.botasky.collector.store.Service;
import io.botasky.common.wire.ServiceEntry;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Full and short forms against the held inventory (docs/api.md, "Service inventory"). */
class InventoryPlannerTest {
  static final String H1 = "0000000000000001";
  static final String H2 = "0000000000000002";

  static ServiceEntry e(String instance, String state, long check) {
    return new ServiceEntry(null, "redis", instance, "", state, "", check, 60, List.of(), false);
  }

  private HostInventory held() {
    return InventoryPlanner.plan(
            "pi3",
            new InventoryUpdate(H1, List.of(e("1", "ok", 5), e("2", "ok", 5)), null, null, null),
            HostInventory.EMPTY,
            100)
        .after();
  }

  @Test
  void fullFormWritesOnlyWhatChangedBesidesTheCheckAndRemovesTheUnlisted() {
    InventoryPlanner.Plan p =
        InventoryPlanner.plan(
            "pi3",
            new InventoryUpdate(H2, List.of(e("1", "ok", 9), e("3", "ok", 9)), null, null, null),
            held(),
            200);
    assertThat(p.applied()).isTrue();
    assertThat(p.writes()).extracting(Service::instance).containsExactly("3");
    assertThat(p.removed()).extracting(Service::instance).containsExactly("2");
    assertThat(p.after().hash()).isEqualTo(H2);
    assertThat(p.after().checksCsv()).isEqualTo("9,9");
    assertThat(p.after().services().get(0).firstSeen()).isEqualTo(100);
    assertThat(p.after().services().get(1).firstSeen()).isEqualTo(200);
  }

  @Test
  void shortFormAppliesOnItsBaseOnly() {
    InventoryUpdate ok =
        new InventoryUpdate(
            H2, null, H1, List.of(7L, 8L), List.of(e("2", "critical", 8).withIndex(1)));
    InventoryPlanner.Plan p = InventoryPlanner.plan("pi3", ok, held(), 200);
    assertThat(p.applied()).isTrue();
    assertThat(p.writes()).extracting(Service::instance).containsExactly("2");
    assertThat(p.after().services().get(1).entry().state()).isEqualTo("critical");
    assertThat(p.after().checksCsv()).isEqualTo("7,8");

    assertThat(
            InventoryPlanner.plan(
                    "pi3", new InventoryUpdate(H2, null, H2, List.of(7L, 8L), List.of()), held(), 1)
                .applied())
        .isFalse();
    assertThat(
            InventoryPlanner.plan(
                    "pi3", new InventoryUpdate(H2, null, H1, List.of(7L), List.of()), held(), 1)
                .applied())
        .isFalse();
    assertThat(
            InventoryPlanner.plan(
                    "pi3",
                    new InventoryUpdate(
                        H2, null, H1, List.of(7L, 8L), List.of(e("9", "ok", 8).withIndex(1))),
                    held(),
                    1)
                .applied())
        .isFalse();
  }
}
