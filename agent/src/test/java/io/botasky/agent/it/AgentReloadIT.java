package io.botasky.agent.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.botasky.agent.testkit.RealCollector;
import io.botasky.common.testkit.Daemon;
import io.botasky.common.testkit.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real bin/boagent reloaded with SIGHUP against the real bin/pihealthd (docs/operations.md,
 * "Reload"): a section added appears in the inventory, a removed one leaves it and its firing alert
 * resolves, an unchanged one keeps running without a gap in its samples (on MariaDB, to read them);
 * the agent is not restarted; a broken file is refused and raises boagent/config/reload_failed,
 * resolved by the next good reload.
 */
class AgentReloadIT {
  static final String HOST = "pi-r";
  @TempDir Path tmp;
  private RealCollector collector;
  private TestDatabase db;

  @AfterEach
  void tearDown() throws Exception {
    if (collector != null) {
      collector.close();
    }
    if (db != null) {
      db.close();
    }
  }

  @Test
  void sectionsAddedAndRemovedWithoutARestart() throws Exception {
    db = TestDatabase.create(TestDatabase.Engine.MARIADB, tmp);
    collector =
        new RealCollector(
            tmp,
            Map.of(HOST, "reload-agent-token-0123456789"),
            "db_url = " + db.settings().url(),
            "db_user = " + db.settings().user(),
            "db_password = " + db.settings().password());
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

    await().atMost(Duration.ofSeconds(15)).until(() -> keptSamples().size() >= 3);
    long reloadedAt = System.currentTimeMillis();
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

    // The kept probe ran through the three reloads: one success sample a second, none missing.
    long end = System.currentTimeMillis();
    await()
        .atMost(Duration.ofSeconds(15))
        .until(
            () -> {
              // One read: samples arrive between two reads (a batch of several at once).
              List<Long> now = keptSamples();
              return !now.isEmpty() && now.get(now.size() - 1) > end;
            });
    List<Long> ts = keptSamples();
    assertThat(ts.get(0)).isLessThan(reloadedAt);
    for (int i = 1; i < ts.size(); i++) {
      assertThat(ts.get(i) - ts.get(i - 1))
          .as("gap before sample %d of %s", i, ts)
          .isLessThan(2500);
    }

    String log = Files.readString(tmp.resolve("agent-" + HOST + ".log"));
    assertThat(log.split("start: boagent", -1)).as("started once").hasSize(2);
    assertThat(log).contains("reload: ok, 2 services: 1 kept, 1 added, 1 removed");
    assertThat(log).contains("reload: refused");
  }

  /** The times of the kept probe's probe.success samples stored, in order. */
  private List<Long> keptSamples() throws Exception {
    List<Long> out = new ArrayList<>();
    try (Connection c =
            DriverManager.getConnection(
                db.settings().url(), db.settings().user(), db.settings().password());
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT ts FROM samples WHERE host = ? AND metric = 'probe.success' AND labels"
                    + " LIKE '%kept%' ORDER BY ts")) {
      ps.setString(1, HOST);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getLong(1));
        }
      }
    }
    return out;
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
