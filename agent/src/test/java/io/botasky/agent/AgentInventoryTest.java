package io.botasky.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.botasky.agent.testkit.FakeCollector;
import io.botasky.agent.testkit.FixtureTree;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A running agent reports its services with its heartbeats (docs/agent.md, "Service inventory"):
 * the full list first, then short forms against the list the collector acknowledged, and a
 * service's change of state in the short form's {@code changed}.
 */
class AgentInventoryTest {
  @TempDir Path tmp;

  @Test
  void theHeartbeatCarriesTheFullListThenShortForms() throws Exception {
    FixtureTree tree = FixtureTree.copy("basic", tmp);
    try (FakeCollector collector = new FakeCollector()) {
      collector.respond("/api/v1/heartbeat", FakeCollector::acknowledgeServices);
      Path f = tmp.resolve("colConfig.ini");
      Files.writeString(
          f,
          "[agent]\n"
              + "master = 127.0.0.1\n"
              + "port = "
              + collector.port()
              + "\n"
              + "data_dir = "
              + tmp.resolve("data")
              + "\n"
              + "heartbeat = 1s\n"
              + "group = dev\n"
              + "[system]\n"
              + "[process:ghost]\n"
              + "match = ^no-such-daemon$\n"
              + "interval = 1s\n"
              + "group = dev/app\n"
              + "protected = true\n"
              + "action_restart = systemctl restart ghost\n");
      LoadedConfig cfg = tree.wiring().load(f, Set.of(), true);
      AgentService agent = tree.wiring().service(cfg);
      agent.start();
      try {
        // The deliverer beats by the injected clock: move it a beat at a time while waiting.
        await()
            .atMost(Duration.ofSeconds(20))
            .pollInterval(Duration.ofMillis(200))
            .until(
                () -> {
                  tree.clock().tick(Duration.ofSeconds(1));
                  return heartbeats(collector).stream().filter(h -> h.has("base_hash")).count() >= 2
                      && reportedCritical(heartbeats(collector));
                });
      } finally {
        agent.stop();
      }
      List<JsonNode> hb = heartbeats(collector);
      JsonNode first = hb.get(0).get("services");
      assertThat(first).hasSize(2);
      assertThat(first.get(0).get("resource").asText()).isEqualTo("system");
      assertThat(first.get(0).get("instance").asText()).isEmpty();
      assertThat(first.get(0).get("group").asText()).isEqualTo("dev");
      assertThat(first.get(0).get("interval").asInt()).isEqualTo(5);
      JsonNode ghost = first.get(1);
      assertThat(ghost.get("resource").asText()).isEqualTo("process");
      assertThat(ghost.get("instance").asText()).isEqualTo("ghost");
      assertThat(ghost.get("group").asText()).isEqualTo("dev/app");
      assertThat(ghost.get("protected").asBoolean()).isTrue();
      assertThat(ghost.get("actions").get(0).asText()).isEqualTo("restart");
      assertThat(ghost.get("interval").asInt()).isEqualTo(1);
      JsonNode last = hb.get(hb.size() - 1);
      assertThat(last.has("services")).isFalse();
      assertThat(last.get("checks")).hasSize(2);
      assertThat(last.get("checks").get(1).asLong()).isPositive();
      assertThat(last.get("services_hash").asText()).matches("[0-9a-f]{16}");
    }
  }

  private static List<JsonNode> heartbeats(FakeCollector c) {
    return c.requests("/api/v1/heartbeat").stream().map(FakeCollector.Request::body).toList();
  }

  /** Whether some beat said the missing process's service is critical, in either form. */
  private static boolean reportedCritical(List<JsonNode> hb) {
    for (JsonNode h : hb) {
      if (h.has("services") && h.get("services").get(1).get("state").asText().equals("critical")) {
        return true;
      }
      if (h.has("changed")) {
        for (JsonNode c : h.get("changed")) {
          if (c.get("i").asInt() == 1 && c.get("state").asText().equals("critical")) {
            return true;
          }
        }
      }
    }
    return false;
  }
}
