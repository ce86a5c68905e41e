package io.botasky.agent.probe.ping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.botasky.agent.testkit.RealCollector;
import io.botasky.common.testkit.ServiceScript;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole path for ping: the real {@code bin/boagent} pings the peer of {@code
 * scripts/services/netns.sh} every 2 s and reports to the real {@code bin/pihealthd}. The peer's
 * link set down reaches the collector as {@code ping/peer/unreachable} within one interval + 2 s;
 * up again, it resolves.
 */
class PingE2EIT {
  private static final ServiceScript NETNS = new ServiceScript("netns");
  private static final String TOKEN = "token-ping-0123456789abcdef";
  @TempDir Path tmp;
  private RealCollector collector;
  private AutoCloseable lease;

  @BeforeEach
  void start() throws Exception {
    lease = NETNS.exclusive();
    NETNS.start();
    collector = new RealCollector(tmp, Map.of("pinger", TOKEN));
    // One request per round and the rtt levels off: a lost round lasts 1 s (ping's -W), so the
    // fault is seen within the 2 s interval plus that second.
    collector.startAgent(
        "pinger",
        "[ping:peer]",
        "host = 10.98.0.2",
        "count = 1",
        "rtt_warning = off",
        "rtt_critical = off",
        "interval = 2s",
        "timeout = 2s");
  }

  @AfterEach
  void stop() throws Exception {
    try {
      if (collector != null) {
        collector.close();
        NETNS.run("peerup");
      }
    } finally {
      lease.close();
    }
  }

  @Test
  void thePeerDownIsUnreachableAtTheCollectorAndResolvesWhenItIsBack() throws Exception {
    // The agent has reported its first round: no alert while the peer answers.
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> assertThat(collector.hosts()).as("the agent reports").contains("pinger"));
    Thread.sleep(2500);
    assertThat(collector.alerts("ping", "unreachable", null))
        .as("no alert while it answers")
        .isEmpty();

    NETNS.run("peerdown");
    try {
      // One interval (2 s) + 2 s, from the link going down to the alert at the collector.
      JsonNode a = collector.awaitFiring("ping", "unreachable", Duration.ofSeconds(4));
      assertThat(a.path("instance").asText()).isEqualTo("peer");
      assertThat(a.path("severity").asText()).isEqualTo("critical");
      assertThat(a.path("summary").asText()).contains("10.98.0.2: no reply to 1 echo requests");
    } finally {
      NETNS.run("peerup");
    }
    // ARP has to find the peer again after its link comes back.
    collector.awaitResolved("ping", "unreachable", Duration.ofSeconds(20));
  }
}
