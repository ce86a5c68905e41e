package io.botasky.agent.probe.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.botasky.agent.testkit.RealCollector;
import io.botasky.common.testkit.ServiceScript;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole path for [network]: the real {@code bin/boagent} daemon runs inside botasky-net2 of
 * {@code scripts/services/netns.sh} (so it sees that namespace's interfaces) and reports to the
 * real {@code bin/pihealthd} in this JVM's namespace through a socat forwarder that listens on the
 * namespace's loopback and enters this JVM's network namespace (as SplitBrainE2EIT does). An
 * address added to nt0 reaches the collector as network/nt0/ip_change (info) within one interval +
 * 2 s; nt0 set down as network/nt0/interface_down, which resolves when it is up again. (ip_change
 * resolving by itself after 10 minutes is NetworkProbeTest's, with a hand-moved clock.)
 */
class NetworkE2EIT {
  private static final ServiceScript NETNS = new ServiceScript("netns");
  private static final String NS = "botasky-net2";
  private static final String TOKEN = "token-nsnet-0123456789abcdef";
  @TempDir Path tmp;
  private RealCollector collector;
  private AutoCloseable lease;

  @BeforeEach
  void start() throws Exception {
    lease = NETNS.exclusive();
    NETNS.start();
    collector = new RealCollector(tmp, Map.of("nsnet", TOKEN));
    collector.forwardFrom(NS);
    Path ini =
        Files.writeString(
            tmp.resolve("nsnet.ini"),
            collector.agentSection("nsnet", TOKEN)
                + String.join("\n", "[network]", "interfaces = nt0", "interval = 2s", ""));
    collector.launch(
        "agent", "ip", "netns", "exec", NS, RealCollector.bin("boagent"), "-f", ini.toString());
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () -> assertThat(collector.hosts()).as("the agent reports").contains("nsnet"));
    // Its first round has recorded nt0's addresses: a change from now on is a change.
    Thread.sleep(2500);
  }

  @AfterEach
  void stop() throws Exception {
    try {
      if (collector != null) {
        collector.close();
      }
      NETNS.start(); // removes the added address, sets nt0 up
    } finally {
      lease.close();
    }
  }

  @Test
  void anAddedAddressIsIpChangeAtTheCollector() throws Exception {
    assertThat(collector.alerts("network", null, null))
        .as("nothing while nt0 is as it was")
        .isEmpty();
    NETNS.run("addaddr", "10.98.1.5/24");
    JsonNode a = collector.awaitFiring("network", "ip_change", Duration.ofSeconds(4));
    assertThat(a.path("instance").asText()).isEqualTo("nt0");
    assertThat(a.path("severity").asText()).isEqualTo("info");
    assertThat(a.path("summary").asText())
        .isEqualTo("nt0: addresses were 10.98.1.1/24, now 10.98.1.1/24, 10.98.1.5/24");
  }

  @Test
  void theLinkDownIsInterfaceDownAtTheCollectorAndResolvesWhenUp() throws Exception {
    NETNS.run("ifdown");
    JsonNode a = collector.awaitFiring("network", "interface_down", Duration.ofSeconds(4));
    assertThat(a.path("instance").asText()).isEqualTo("nt0");
    assertThat(a.path("severity").asText()).isEqualTo("critical");
    assertThat(a.path("summary").asText()).startsWith("nt0 is down (operstate down");
    assertThat(collector.alerts("network", "ip_change", null))
        .as("IPv4 addresses stay on a down link: no ip_change")
        .isEmpty();
    NETNS.run("ifup");
    collector.awaitResolved("network", "interface_down", Duration.ofSeconds(4));
  }
}
