package io.botasky.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.botasky.agent.testkit.FakeCollector;
import io.botasky.agent.testkit.FixtureTree;
import io.botasky.common.exec.ProcessCommandRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A running agent, as wired for the daemon, runs an action the collector names and its config
 * offers, and reports it (docs/agent.md, "Controlled actions").
 */
class AgentActionsTest {
  @TempDir Path tmp;

  @Test
  void theWiredAgentPollsRunsAndReports() throws Exception {
    FixtureTree tree = FixtureTree.copy("basic", tmp);
    Path marker = tmp.resolve("restarted");
    try (FakeCollector collector = new FakeCollector()) {
      collector.respond("/api/v1/heartbeat", FakeCollector::acknowledgeServices);
      List<String> pending = new ArrayList<>();
      pending.add(
          "{\"id\":3,\"resource\":\"process\",\"instance\":\"ghost\",\"action\":\"restart\","
              + "\"by\":\"alice\",\"requested_at\":\"2026-12-06T20:00:00Z\"}");
      collector.respond(
          "/api/v1/agent/actions",
          body -> {
            synchronized (pending) {
              return new FakeCollector.Answer(
                  200, null, "{\"actions\":[" + String.join(",", pending) + "]}");
            }
          });
      collector.respond(
          "/api/v1/agent/actions/report",
          body -> {
            synchronized (pending) {
              pending.clear();
            }
            return new FakeCollector.Answer(200, null, "{\"ok\":true}");
          });
      Path f = tmp.resolve("colConfig.ini");
      Files.writeString(
          f,
          "[agent]\n"
              + "master = 127.0.0.1\n"
              + "port = "
              + collector.port()
              + "\n"
              + "token = tok-web1\n"
              + "data_dir = "
              + tmp.resolve("data")
              + "\n"
              + "[system]\n"
              + "[process:ghost]\n"
              + "match = ^no-such-daemon$\n"
              + "action_restart = /usr/bin/touch "
              + marker
              + "\n");
      AgentWiring wiring =
          new AgentWiring(
              tree.hostEnv(), new ProcessCommandRunner(64 * 1024), tree.fsStats(), tree.sleeper());
      LoadedConfig cfg = wiring.load(f, Set.of(), true);
      AgentService agent = wiring.service(cfg);
      agent.start();
      try {
        await().atMost(Duration.ofSeconds(20)).until(() -> states(collector).contains("succeeded"));
      } finally {
        agent.stop();
      }
      assertThat(marker).exists();
      assertThat(states(collector)).containsExactly("running", "succeeded");
      FakeCollector.Request poll = collector.requests("/api/v1/agent/actions").get(0);
      assertThat(poll.authorization()).isEqualTo("Bearer tok-web1");
      assertThat(poll.query()).endsWith("&wait=25");
      assertThat(tmp.resolve("data/actions.journal")).doesNotExist();
    }
  }

  private static List<String> states(FakeCollector c) {
    List<String> out = new ArrayList<>();
    for (FakeCollector.Request r : c.requests("/api/v1/agent/actions/report")) {
      for (JsonNode n : r.body().get("reports")) {
        out.add(n.get("state").asText());
      }
    }
    return out;
  }
}
