package io.botasky.agent.probe.keepalived;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.botasky.agent.testkit.CollectingSink;
import io.botasky.agent.testkit.TestEnv;
import io.botasky.common.testkit.ServiceScript;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The keepalived probe against two real keepalived nodes of {@code scripts/services/keepalived.sh},
 * each probe running inside its node's network namespace (a driver JVM), as an agent there would.
 * ka1 expects to be master; ka2 takes whatever comes.
 */
class KeepalivedFaultsTest {
  private static final ServiceScript KA = new ServiceScript("keepalived");
  private static final String VIP = "10.99.0.100";
  private static final Duration WITHIN = Duration.ofSeconds(20);

  @TempDir static Path dir;

  private static NamespaceProbe node1;
  private static NamespaceProbe node2;
  private static AutoCloseable lease;

  @BeforeAll
  static void services() throws IOException {
    lease = KA.exclusive();
    KA.start();
    node1 =
        new NamespaceProbe(
            "botasky-ka1",
            "[keepalived]\nvip = " + VIP + "\ninterface = vrrp0\nexpect = master\n",
            dir);
    node2 =
        new NamespaceProbe(
            "botasky-ka2",
            "[keepalived]\nvip = " + VIP + "\ninterface = vrrp0\nexpect = any\n",
            dir);
  }

  @AfterAll
  static void stopDrivers() throws Exception {
    if (node1 != null) {
      node1.close();
    }
    if (node2 != null) {
      node2.close();
    }
    lease.close();
  }

  @AfterEach
  void repair() {
    KA.start();
    await()
        .atMost(WITHIN)
        .untilAsserted(
            () -> {
              NamespaceProbe.Round r1 = node1.round();
              NamespaceProbe.Round r2 = node2.round();
              assertThat(r1.severity())
                  .as("%s", r1)
                  .allSatisfy((check, sev) -> assertThat(sev).isEqualTo("ok"));
              assertThat(r2.severity())
                  .as("%s", r2)
                  .allSatisfy((check, sev) -> assertThat(sev).isEqualTo("ok"));
              assertThat(r1.vipsHeld()).containsExactly(VIP);
              assertThat(r2.vipsHeld()).isEmpty();
            });
  }

  @Test
  void healthyPairHasOneHolder() throws IOException {
    NamespaceProbe.Round r1 = node1.round();
    NamespaceProbe.Round r2 = node2.round();
    assertThat(r1.firing("process_down")).as("%s", r1).isFalse();
    assertThat(r1.summary().get("process_down")).contains("MASTER");
    assertThat(r1.severity().get("vip_lost")).isEqualTo("ok");
    assertThat(r1.vipsHeld()).containsExactly(VIP);
    assertThat(r2.summary().get("process_down")).contains("BACKUP");
    assertThat(r2.vipsHeld()).isEmpty();
  }

  @Test
  void sigtermOnTheMasterMovesTheVip() {
    KA.signal("1", "TERM");
    await()
        .atMost(WITHIN)
        .untilAsserted(
            () -> {
              NamespaceProbe.Round r1 = node1.round();
              assertThat(r1.firing("process_down")).as("%s", r1).isTrue();
              assertThat(r1.firing("vip_lost")).isTrue();
              assertThat(r1.vipsHeld()).isEmpty();
            });
    await()
        .atMost(WITHIN)
        .untilAsserted(() -> assertThat(node2.round().vipsHeld()).containsExactly(VIP));
  }

  @Test
  void sigkillOnTheMasterParentIsProcessDownAndTheVipMoves() {
    // keepalived's VRRP child notices its parent's death and drops the VIP on its way out.
    KA.signal("1", "KILL");
    await()
        .atMost(WITHIN)
        .untilAsserted(
            () -> {
              NamespaceProbe.Round r1 = node1.round();
              assertThat(r1.firing("process_down")).as("%s", r1).isTrue();
              assertThat(r1.firing("vip_lost")).isTrue();
              assertThat(r1.vipsHeld()).isEmpty();
            });
    await()
        .atMost(WITHIN)
        .untilAsserted(() -> assertThat(node2.round().vipsHeld()).containsExactly(VIP));
  }

  @Test
  void crashOfTheWholeGroupLeavesAStaleVipThatDoesNotCountAsHeld() {
    // SIGKILL to the parent and its children at once: nobody removes the VIP from ka1.
    KA.run("crash", "1");
    await()
        .atMost(WITHIN)
        .untilAsserted(
            () -> {
              NamespaceProbe.Round r1 = node1.round();
              assertThat(r1.firing("process_down")).as("%s", r1).isTrue();
              assertThat(r1.summary().get("process_down")).contains("stale");
              assertThat(r1.summary().get("vip_lost")).contains("stale");
              assertThat(r1.vipsHeld()).isEmpty();
            });
    await()
        .atMost(WITHIN)
        .untilAsserted(
            () -> {
              NamespaceProbe.Round r2 = node2.round();
              assertThat(r2.vipsHeld()).as("%s", r2).containsExactly(VIP);
            });
  }

  @Test
  void vipMovedAwayFromALiveMasterIsVipLostAndAStateChange() {
    // The master's link goes down: keepalived stays up, goes FAULT and drops the VIP; ka2 takes it.
    // Both nodes are probed every poll, so ka2's one-round state_change note cannot be missed.
    List<NamespaceProbe.Round> seen2 = new java.util.ArrayList<>();
    KA.run("linkdown", "1");
    await()
        .atMost(WITHIN)
        .untilAsserted(
            () -> {
              NamespaceProbe.Round r1 = node1.round();
              seen2.add(node2.round());
              assertThat(r1.firing("vip_lost")).as("%s", r1).isTrue();
              assertThat(r1.firing("process_down")).isFalse();
              assertThat(r1.summary().get("vip_lost")).contains("FAULT");
              assertThat(seen2.get(seen2.size() - 1).vipsHeld()).containsExactly(VIP);
            });
    assertThat(seen2)
        .as("ka2's rounds")
        .anySatisfy(
            r2 -> {
              assertThat(r2.severity().get("state_change")).isEqualTo("note");
              assertThat(r2.summary().get("state_change")).isEqualTo("VRRP state BACKUP -> MASTER");
            });
  }

  @Test
  void detachedBridgePortsGiveTwoHolders() {
    KA.run("detach");
    await()
        .atMost(WITHIN)
        .untilAsserted(
            () -> {
              NamespaceProbe.Round r1 = node1.round();
              NamespaceProbe.Round r2 = node2.round();
              // Both claim the VIP: what the collector's split_brain rule sees in two heartbeats.
              assertThat(r1.vipsHeld()).as("%s", r1).containsExactly(VIP);
              assertThat(r2.vipsHeld()).as("%s", r2).containsExactly(VIP);
            });
  }

  @Test
  void keepalivedNotInstalledIsProcessDownNamingIt() {
    // This JVM's own namespace runs no keepalived; point the probe at a missing binary.
    KeepalivedProbe p =
        (KeepalivedProbe)
            new KeepalivedProbeFactory()
                .create(
                    TestEnv.section(
                        "[keepalived]\n"
                            + "vip = 10.99.0.100\n"
                            + "expect = master\n"
                            + "keepalived = /nonexistent/sbin/keepalived\n"),
                    TestEnv.real());
    CollectingSink r = CollectingSink.round(p);
    assertThat(r.firing("process_down")).as("%s", r).isTrue();
    assertThat(r.get("process_down").summary())
        .contains("not installed")
        .contains("/nonexistent/sbin/keepalived");
    assertThat(r.firing("vip_lost")).isTrue();
    assertThat(p.vipsHeld()).isEqualTo(List.of());
  }
}
