package io.botasky.agent.probe.keepalived;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.botasky.agent.testkit.RealCollector;
import io.botasky.common.testkit.ServiceScript;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole path for keepalived: the real {@code bin/pihealthd} (embedded database) fed by two real
 * {@code bin/boagent}s, one inside each keepalived node's network namespace (botasky-ka1 and
 * botasky-ka2 of {@code scripts/services/keepalived.sh}). Each namespace reaches the collector's
 * loopback port through a socat forwarder that enters this JVM's network namespace. Detaching both
 * bridge ports makes both nodes MASTER with the VIP: the collector must raise {@code
 * keepalived/split_brain} from the two heartbeats' {@code vips_held}, and resolve it once the ports
 * are attached again. Stopping ka1 must reach the collector as ka1's {@code vip_lost}.
 */
class SplitBrainE2EIT {
  private static final ServiceScript KA = new ServiceScript("keepalived");
  private static final String VIP = "10.99.0.100";
  @TempDir Path tmp;
  private RealCollector collector;
  private AutoCloseable lease;

  @BeforeEach
  void start() throws Exception {
    lease = KA.exclusive();
    KA.start();
    collector =
        new RealCollector(
            tmp, Map.of("ka1", "token-ka1-0123456789abcdef", "ka2", "token-ka2-0123456789abcdef"));
    int port = collector.port();
    for (int n = 1; n <= 2; n++) {
      String ns = "botasky-ka" + n;
      // Inside the namespace 127.0.0.1:port leads back to the collector in this JVM's namespace.
      collector.forwardFrom(ns);
      Path ini =
          Files.writeString(
              tmp.resolve("ka" + n + ".ini"),
              collector.agentSection("ka" + n, "token-ka" + n + "-0123456789abcdef")
                  + String.join(
                      "\n",
                      "[keepalived]",
                      "vip = " + VIP,
                      "interface = vrrp0",
                      "expect = " + (n == 1 ? "master" : "any"),
                      "interval = 1s",
                      ""));
      collector.launch(
          "agent" + n,
          "ip",
          "netns",
          "exec",
          ns,
          RealCollector.bin("boagent"),
          "-f",
          ini.toString());
    }
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () -> assertThat(collector.hosts()).as("both agents report").contains("ka1", "ka2"));
  }

  @AfterEach
  void stop() throws Exception {
    try {
      if (collector != null) {
        // Only a test that ran has anything to repair; one that was skipped must not abort again
        // here.
        collector.close();
        KA.start();
      }
    } finally {
      lease.close();
    }
  }

  @Test
  void detachedBridgeIsSplitBrainAtTheCollectorAndResolvesWhenReattached() throws Exception {
    assertThat(collector.alerts("keepalived", "split_brain", null))
        .as("no split brain while the bridge is whole")
        .isEmpty();
    KA.run("detach");
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              List<JsonNode> firing = collector.alerts("keepalived", "split_brain", "firing");
              assertThat(firing).as("split_brain firing").hasSize(1);
              assertThat(firing.get(0).path("instance").asText()).isEqualTo(VIP);
              assertThat(firing.get(0).path("host").asText()).isEqualTo("e2e");
              assertThat(firing.get(0).path("summary").asText()).contains("ka1").contains("ka2");
            });
    KA.run("attach");
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              assertThat(collector.alerts("keepalived", "split_brain", "firing"))
                  .as("split_brain still firing")
                  .isEmpty();
              assertThat(collector.alerts("keepalived", "split_brain", "resolved")).hasSize(1);
            });
  }

  @Test
  void stoppedMasterReachesTheCollectorAsVipLostAndProcessDown() throws Exception {
    KA.signal("1", "TERM");
    // One probe interval (1 s) plus 2 s from the signal to both alerts at the collector.
    await()
        .atMost(Duration.ofSeconds(3))
        .pollInterval(Duration.ofMillis(100))
        .untilAsserted(
            () -> {
              assertThat(collector.alerts("keepalived", "vip_lost", "firing"))
                  .extracting(a -> a.path("host").asText())
                  .containsExactly("ka1");
              assertThat(collector.alerts("keepalived", "process_down", "firing"))
                  .extracting(a -> a.path("host").asText())
                  .containsExactly("ka1");
            });
    KA.start();
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              assertThat(collector.alerts("keepalived", "vip_lost", "firing")).isEmpty();
              assertThat(collector.alerts("keepalived", "process_down", "firing")).isEmpty();
            });
  }

  @Test
  void killedMasterReachesTheCollectorAsProcessDownAndVipLost() throws Exception {
    KA.signal("1", "KILL");
    await()
        .atMost(Duration.ofSeconds(3))
        .pollInterval(Duration.ofMillis(100))
        .untilAsserted(
            () -> {
              assertThat(collector.alerts("keepalived", "process_down", "firing"))
                  .extracting(a -> a.path("host").asText())
                  .containsExactly("ka1");
              assertThat(collector.alerts("keepalived", "vip_lost", "firing"))
                  .extracting(a -> a.path("host").asText())
                  .containsExactly("ka1");
            });
    KA.start();
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              assertThat(collector.alerts("keepalived", "process_down", "firing")).isEmpty();
              assertThat(collector.alerts("keepalived", "vip_lost", "firing")).isEmpty();
            });
  }

  @Test
  void vipMovedAwayFromALiveMasterReachesTheCollectorAsVipLost() throws Exception {
    KA.run("linkdown", "1");
    try {
      await()
          .atMost(Duration.ofSeconds(3))
          .pollInterval(Duration.ofMillis(100))
          .untilAsserted(
              () -> {
                assertThat(collector.alerts("keepalived", "vip_lost", "firing"))
                    .extracting(a -> a.path("host").asText())
                    .containsExactly("ka1");
                assertThat(collector.alerts("keepalived", "process_down", "firing")).isEmpty();
              });
    } finally {
      KA.run("linkup", "1");
    }
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> assertThat(collector.alerts("keepalived", "vip_lost", "firing")).isEmpty());
  }
}
