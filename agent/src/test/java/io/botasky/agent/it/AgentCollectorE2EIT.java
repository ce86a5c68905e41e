package io.botasky.agent.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.botasky.agent.testkit.FixtureTree;
import io.botasky.common.testkit.Daemon;
import io.botasky.common.testkit.TestDatabase;
import io.botasky.common.wire.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real {@code bin/boagent} against the real {@code bin/pihealthd} on MariaDB. The agent reads a
 * fixture host (so the test can make its CPU hot and cool); the collector is stopped while alerts
 * fire and resolve and a tiny file_max makes backups; after the restart every alert event and every
 * sample the agent logged has arrived exactly once, in order. Then the agent itself is stopped
 * while the alert it left firing clears, and resolves it after its own restart.
 */
class AgentCollectorE2EIT {
  private static final String TOKEN = "e2e-token-0123456789abcdef";
  private static final Pattern ROUND = Pattern.compile("round: (\\S+) at (\\d+) samples (\\d+)");
  private static final Pattern ALERT =
      Pattern.compile("alert: (firing|resolved) \\S+ ([^/]*)/([^/]*)/(\\S+):");
  @TempDir Path tmp;
  private TestDatabase db;
  private Daemon collector;
  private Daemon agent;
  private int port;
  private Path conf;
  private final ObjectMapper json = Json.mapper();

  @BeforeEach
  void setUp() throws Exception {
    db = TestDatabase.create(TestDatabase.Engine.MARIADB, tmp);
    port = Daemon.freePort();
    Files.writeString(tmp.resolve("tokens"), "pi3=" + TOKEN + "\n");
    conf = tmp.resolve("pihealthd.conf");
    Files.writeString(
        conf,
        String.join(
            "\n",
            "master = e2e",
            "client_port = " + port,
            "bind = 127.0.0.1",
            "PIHealthLog = " + tmp.resolve("pihealthd.log"),
            "data_dir = " + tmp.resolve("collector"),
            "db_url = " + db.settings().url(),
            "db_user = " + db.settings().user(),
            "db_password = " + db.settings().password(),
            "agent_tokens = " + tmp.resolve("tokens"),
            ""));
  }

  @AfterEach
  void tearDown() throws Exception {
    if (agent != null) {
      agent.close();
    }
    if (collector != null) {
      collector.close();
    }
    db.close();
  }

  private void startCollector() throws Exception {
    collector =
        Daemon.start(tmp.resolve("collector.out"), Map.of(), "pihealthd", "-c", conf.toString());
    await().atMost(Duration.ofSeconds(90)).until(() -> Daemon.ready(port));
  }

  private String agentLog() throws Exception {
    Path f = tmp.resolve("agent.log");
    return Files.exists(f) ? Files.readString(f, StandardCharsets.UTF_8) : "";
  }

  private long backups() throws Exception {
    try (Stream<Path> s = Files.list(tmp.resolve("backup"))) {
      return s.filter(p -> p.getFileName().toString().endsWith(".gz")).count();
    }
  }

  @Test
  void everyAlertAndSampleArrivesExactlyOnceAndInOrderAcrossACollectorOutage() throws Exception {
    FixtureTree host = FixtureTree.copy("basic", tmp);
    Files.createDirectories(host.root().resolve("var"));
    Files.createSymbolicLink(host.root().resolve("var/log"), host.root().resolve("log"));
    Path temp = host.root().resolve("sys/class/thermal/thermal_zone1/temp");
    Path ini = tmp.resolve("colConfig.ini");
    Files.writeString(
        ini,
        String.join(
            "\n",
            "[agent]",
            "host = pi3",
            "master = 127.0.0.1",
            "port = " + port,
            "token = " + TOKEN,
            "data_dir = " + tmp.resolve("spool"),
            "backup_dir = " + tmp.resolve("backup"),
            "file_max = 2K",
            "flush_every = 2",
            "spool_max = 64M",
            "heartbeat = 1s",
            "retry_max = 1s",
            "resend_every = 1h",
            "log = " + tmp.resolve("agent.log"),
            "[system]",
            "cpu_interval = 300ms",
            "mem_interval = 300ms",
            "cpu_sample = 50ms",
            "disk_interval = 2s",
            "sysinfo_interval = 2s",
            "users_interval = 2s",
            "proc_interval = 1h",
            "root_users = root, pi, zq",
            ""));
    startCollector();
    agent =
        Daemon.start(
            tmp.resolve("agent.out"),
            Map.of("BOTASKY_JAVA_OPTS", "-Dboagent.root=" + host.root()),
            "boagent",
            "--debug",
            "-f",
            ini.toString());
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> count("SELECT COUNT(*) FROM samples WHERE host='pi3'") > 0);

    assertThat(collector.terminate(Duration.ofSeconds(15)))
        .as("collector exit on SIGTERM")
        .isZero();
    Files.writeString(temp, "85000\n");
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> agentLog().contains("alert: firing warning system//cpu_temp"));
    Files.writeString(temp, "40000\n");
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> agentLog().contains("alert: resolved warning system//cpu_temp"));
    Files.writeString(temp, "90000\n");
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> agentLog().split("alert: firing warning system//cpu_temp", -1).length == 3);
    await().atMost(Duration.ofSeconds(60)).until(() -> backups() >= 5);

    startCollector();
    await()
        .atMost(Duration.ofSeconds(120))
        .until(() -> backups() == 0 && agentLog().contains("reachable again; backlog delivered"));
    assertThat(agent.terminate(Duration.ofSeconds(10))).as("agent exit on SIGTERM").isZero();

    // The CPU cools while the agent is stopped: after its restart the alert it left firing
    // resolves.
    Files.writeString(temp, "40000\n");
    agent =
        Daemon.start(
            tmp.resolve("agent.out"),
            Map.of("BOTASKY_JAVA_OPTS", "-Dboagent.root=" + host.root()),
            "boagent",
            "--debug",
            "-f",
            ini.toString());
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                count(
                        "SELECT COUNT(*) FROM alert_events WHERE host='pi3' "
                            + "AND `check`='cpu_temp' AND state='resolved'")
                    == 2);
    assertThat(agent.terminate(Duration.ofSeconds(10))).as("agent exit on SIGTERM").isZero();
    assertThat(agentLog()).contains("alerts were firing when the agent stopped");
    try (Connection c = connect();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT state FROM alerts WHERE host='pi3' AND `check`='cpu_temp' "
                    + "ORDER BY id DESC")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString(1)).as("latest cpu_temp alert").isEqualTo("resolved");
    }

    String log = agentLog();
    assertThat(log).contains("ready: boagent pi3");
    assertThat(tmp.resolve("spool/rejected"))
        .as(
            "nothing set aside; agent warnings: %s",
            log.lines().filter(l -> l.contains(" WARN ") || l.contains(" ERROR ")).toList())
        .doesNotExist();

    // Alerts: every event the agent raised, once, in the order raised.
    List<String> raised = new ArrayList<>();
    Matcher am = ALERT.matcher(log);
    while (am.find()) {
      raised.add(am.group(1) + " " + am.group(2) + "/" + am.group(3) + "/" + am.group(4));
    }
    List<String> stored = new ArrayList<>();
    try (Connection c = connect();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT state, resource, instance, `check` FROM alert_events WHERE host='pi3' "
                    + "ORDER BY id")) {
      while (rs.next()) {
        stored.add(
            rs.getString(1)
                + " "
                + rs.getString(2)
                + "/"
                + rs.getString(3)
                + "/"
                + rs.getString(4));
      }
    }
    assertThat(raised)
        .as("agent log")
        .containsSubsequence(
            "firing system//cpu_temp",
            "resolved system//cpu_temp",
            "firing system//cpu_temp",
            "resolved system//cpu_temp");
    assertThat(stored).as("alert events stored, in order").isEqualTo(raised);

    // Samples: each logged round's probe.success, once, in order; totals match.
    Map<String, Integer> loggedRounds = new HashMap<>();
    long loggedSamples = 0;
    Matcher rm = ROUND.matcher(log);
    while (rm.find()) {
      loggedRounds.merge(rm.group(1) + "@" + rm.group(2), 1, Integer::sum);
      loggedSamples += Long.parseLong(rm.group(3));
    }
    List<String> unsent = unsentProbeRounds();
    long unsentSamples = unsentSampleCount();
    Map<String, Integer> storedRounds = new HashMap<>();
    try (Connection c = connect();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT labels, ts FROM samples WHERE host='pi3' AND metric='probe.success' "
                    + "ORDER BY id")) {
      while (rs.next()) {
        storedRounds.merge(
            json.readTree(rs.getString(1)).get("probe").asText() + "@" + rs.getLong(2),
            1,
            Integer::sum);
      }
    }
    unsent.forEach(k -> storedRounds.merge(k, 1, Integer::sum));
    Map<String, Integer> missing = new HashMap<>(loggedRounds);
    storedRounds.forEach((k, v) -> missing.merge(k, -v, Integer::sum));
    missing.values().removeIf(v -> v == 0);
    assertThat(missing)
        .as("rounds logged minus rounds stored or still spooled (negative = stored twice)")
        .isEmpty();
    assertThat(count("SELECT COUNT(*) FROM samples WHERE host='pi3'") + unsentSamples)
        .isEqualTo(loggedSamples);
    assertThat(
            count(
                "SELECT COUNT(*) FROM (SELECT metric, ts, labels FROM samples WHERE host='pi3' "
                    + "GROUP BY metric, ts, labels HAVING COUNT(*) > 1) d"))
        .as("duplicate samples")
        .isZero();
    List<Long> memTs = new ArrayList<>();
    try (Connection c = connect();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT ts FROM samples WHERE host='pi3' AND metric='mem.used_percent' "
                    + "ORDER BY id")) {
      while (rs.next()) {
        memTs.add(rs.getLong(1));
      }
    }
    assertThat(memTs).as("arrival order = time order").isSorted().hasSizeGreaterThan(10);
  }

  /** probe.success rounds still in the spool of the stopped agent. */
  private List<String> unsentProbeRounds() throws Exception {
    List<String> out = new ArrayList<>();
    for (JsonNode batch : unsentBatches()) {
      for (JsonNode smp : batch.get("samples")) {
        if (smp.get("metric").asText().equals("probe.success")) {
          out.add(smp.get("labels").get("probe").asText() + "@" + smp.get("ts").asLong());
        }
      }
    }
    return out;
  }

  private long unsentSampleCount() throws Exception {
    long n = 0;
    for (JsonNode batch : unsentBatches()) {
      n += batch.get("samples").size();
    }
    return n;
  }

  /**
   * What the stopped agent still holds and the collector has not stored: backups not yet (or only
   * partly) delivered, and the data file past its sent offset. A batch the collector took is known
   * by its batch_id, so one delivered just before the stop is not counted twice.
   */
  private List<JsonNode> unsentBatches() throws Exception {
    java.util.Set<String> taken = new java.util.HashSet<>();
    try (Connection c = connect();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT batch_id FROM metric_batches")) {
      while (rs.next()) {
        taken.add(rs.getString(1));
      }
    }
    List<JsonNode> out = new ArrayList<>();
    for (JsonNode batch : spooledBatches()) {
      if (!taken.contains(batch.get("batch_id").asText())) {
        out.add(batch);
      }
    }
    return out;
  }

  private List<JsonNode> spooledBatches() throws Exception {
    List<JsonNode> out = new ArrayList<>();
    List<Path> gz;
    try (Stream<Path> s = Files.list(tmp.resolve("backup"))) {
      gz = s.filter(p -> p.getFileName().toString().endsWith(".gz")).sorted().toList();
    }
    for (Path p : gz) {
      try (var in = new java.util.zip.GZIPInputStream(Files.newInputStream(p))) {
        for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
          if (!line.isBlank()) {
            out.add(json.readTree(line));
          }
        }
      }
    }
    Path data = tmp.resolve("spool/current.data");
    Path sent = tmp.resolve("spool/current.sent");
    if (!Files.exists(data)) {
      return out;
    }
    long offset = Files.exists(sent) ? Long.parseLong(Files.readString(sent).strip()) : 0;
    byte[] all = Files.readAllBytes(data);
    String rest = new String(all, (int) offset, all.length - (int) offset, StandardCharsets.UTF_8);
    for (String line : rest.split("\n")) {
      if (!line.isBlank()) {
        out.add(json.readTree(line));
      }
    }
    return out;
  }

  private Connection connect() throws Exception {
    return DriverManager.getConnection(
        db.settings().url(), db.settings().user(), db.settings().password());
  }

  private long count(String sql) throws Exception {
    try (Connection c = connect();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
