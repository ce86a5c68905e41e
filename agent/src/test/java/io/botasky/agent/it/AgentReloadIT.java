package io.botasky.agent.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.botasky.agent.testkit.RealCollector;
import io.botasky.common.testkit.Daemon;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real bin/boagent reloaded with SIGHUP against the real bin/pihealthd (docs/operations.md,
 * "Reload"): a section added appears in the inventory, a removed one leaves it and its firing alert
 * resolves, an unchanged one keeps running; the agent is not restarted; a broken file is refused
 * and raises boagent/config/reload_failed, resolved by the next good reload.
 */
class AgentReloadIT {
  static final String HOST = "pi-r";
  @TempDir Path tmp;
  private RealCollector collector;

  @AfterEach
  void tearDown() throws Exception {
    if (collector != null) {
      collector.close();
    }
  }

  @Test
  void sectionsAddedAndRemovedWithoutARestart() throws Exception {
    collector = new RealCollector(tmp, Map.of(HOST, "reload-agent-token-0123456789"));
    int port = collector.port();
    int dead = Daemon.freePort();
    String kept =
        String.join("\n", "[tcp:kept]", "host = 127.0.0.1", "port = " + port, "interval = 1s", "");
    String down =
        String.join("\n", "[tcp:down]", "host = 127.0.0.1", "port = " + dead, "interval = 1s", "");
    String added =
        String.join("\n", "[tcp:added]", "host = 127.0.0.1", "port = " + port, "interval = 1s", "");
    collector.startAgent(HOST, kept, down);
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              assertThat(services()).containsKeys("tcp:kept", "tcp:down");
              assertThat(collector.firing("tcp")).anyMatch(a -> a.startsWith("down/"));
            });

    collector.reloadAgent(HOST, kept, added);
    await()
        .atMost(Duration.ofSeconds(15))
        .untilAsserted(
            () -> {
              assertThat(services())
                  .containsEntry("tcp:kept", "ok")
                  .containsEntry("tcp:added", "ok")
                  .doesNotContainKey("tcp:down");
              assertThat(collector.firing("tcp")).isEmpty();
            });

    // Broken: refused whole; the running probes stay, and the alert says so.
    collector.reloadAgent(HOST, kept, "[tcp:broken]\nhost = 127.0.0.1\nport = many\n");
    await()
        .atMost(Duration.ofSeconds(15))
        .untilAsserted(
            () -> assertThat(collector.firing("boagent")).containsExactly("config/reload_failed"));
    assertThat(services()).containsKeys("tcp:kept", "tcp:added").doesNotContainKey("tcp:broken");

    collector.reloadAgent(HOST, kept, added);
    await()
        .atMost(Duration.ofSeconds(15))
        .untilAsserted(() -> assertThat(collector.firing("boagent")).isEmpty());

    String log = Files.readString(tmp.resolve("agent-" + HOST + ".log"));
    assertThat(log.split("start: boagent", -1)).as("started once").hasSize(2);
    assertThat(log).contains("reload: ok, 2 services: 1 kept, 1 added, 1 removed");
    assertThat(log).contains("reload: refused");
  }

  /** {@code "resource:instance" → state} of the agent's services. */
  private Map<String, String> services() throws Exception {
    Map<String, String> out = new TreeMap<>();
    for (JsonNode s : collector.getJson("/api/v1/services?host=" + HOST).path("services")) {
      out.put(
          s.path("resource").asText() + ":" + s.path("instance").asText(),
          s.path("state").asText());
    }
    return out;
  }
}
