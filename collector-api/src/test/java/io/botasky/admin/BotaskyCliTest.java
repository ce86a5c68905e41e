package io.botasky.admin;

import static io.botasky.collector.testkit.Events.body;
import static io.botasky.collector.testkit.Events.event;
import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.botasky.collector.testkit.Collector;
import io.botasky.common.db.DataSources;
import io.botasky.common.testkit.TestDatabase;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The admin CLI against a real collector on MariaDB, reading port and admin token from
 * pihealthd.conf.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BotaskyCliTest {
  TestDatabase db;
  Collector col;
  Path conf;
  StringWriter out;
  StringWriter err;
  final java.net.http.HttpClient http = ApiClient.http(null);

  @BeforeAll
  void start(@TempDir Path tmp) throws Exception {
    db = TestDatabase.create(TestDatabase.Engine.MARIADB, tmp);
    col = Collector.start(db.settings(), tmp, Clock.systemUTC(), "");
    conf = tmp.resolve("pihealthd.conf");
    Files.writeString(
        conf, "client_port = " + col.port() + "\nadmin_token = " + Collector.ADMIN + "\n");
  }

  @AfterAll
  void stop() throws Exception {
    col.close();
    db.close();
  }

  @BeforeEach
  void fresh() {
    out = new StringWriter();
    err = new StringWriter();
  }

  int run(String... args) {
    String[] all = new String[args.length + 2];
    all[0] = "-c";
    all[1] = conf.toString();
    System.arraycopy(args, 0, all, 2, args.length);
    // One HTTP client for all runs: each client of its own would keep its idle connection open
    // and the collector refuses a peer's 33rd (max_connections_per_peer).
    return new CommandLine(
            new BotaskyCommand(
                new PrintWriter(out, true),
                new PrintWriter(err, true),
                "testhost",
                false,
                ssl -> http))
        .execute(all);
  }

  @Test
  void actionRequestsWaitsForTheOutcomeAndActionsLists() throws Exception {
    java.util.List<io.botasky.common.wire.ServiceEntry> list =
        java.util.List.of(
            new io.botasky.common.wire.ServiceEntry(
                null,
                "redis",
                "6379",
                "",
                "ok",
                "",
                System.currentTimeMillis(),
                60,
                java.util.List.of("restart"),
                false));
    assertThat(
            col.post(
                    "/api/v1/heartbeat",
                    Collector.tokenOf("pi3"),
                    new io.botasky.common.wire.Heartbeat(
                        "pi3",
                        "0.1.0",
                        java.util.Map.of(),
                        "00000000000000c1",
                        list,
                        null,
                        null,
                        null))
                .statusCode())
        .isEqualTo(200);
    assertThat(run("action", "pi3", "redis:6379", "stop")).isEqualTo(1);
    assertThat(err.toString()).contains("offers no action");
    assertThat(run("action", "pi3", "redis:6379", "restart", "--by", "zq", "--comment", "cli"))
        .as(err.toString())
        .isZero();
    assertThat(out.toString()).contains("pending: restart on redis:6379 of pi3 by zq");
    long first = pendingIdOf("pi3");
    agentReports("pi3", first, "failed", 3, "boom \u001b[31m\n");
    fresh();

    // --wait follows the next one to its end; a fake agent answers from another thread.
    java.util.concurrent.CompletableFuture<Void> agent =
        java.util.concurrent.CompletableFuture.runAsync(
            () -> {
              try {
                long id = 0;
                for (int i = 0; i < 100 && id == 0; i++) {
                  id = pendingIdOf("pi3");
                  Thread.sleep(50);
                }
                agentReports("pi3", id, "succeeded", 0, "ok\n");
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    assertThat(run("action", "pi3", "redis:6379", "restart", "--wait")).as(err.toString()).isZero();
    agent.get(10, java.util.concurrent.TimeUnit.SECONDS);
    assertThat(out.toString()).contains("succeeded: restart on redis:6379 of pi3").contains("  ok");

    fresh();
    assertThat(run("actions", "--host", "pi3")).as(err.toString()).isZero();
    assertThat(out.toString())
        .contains("STATE")
        .contains("succeeded")
        .contains("failed")
        .doesNotContain("\u001b");
    fresh();
    assertThat(run("actions", "--host", "pi3", "--json")).isZero();
    assertThat(Collector.JSON.readTree(out.toString()).get("actions")).hasSize(2);
  }

  long pendingIdOf(String host) throws Exception {
    com.fasterxml.jackson.databind.JsonNode a =
        Collector.json(
                col.get("/api/v1/agent/actions?host=" + host + "&wait=0", Collector.tokenOf(host)))
            .get("actions");
    return a.isEmpty() ? 0 : a.get(0).get("id").asLong();
  }

  void agentReports(String host, long id, String state, int exit, String output) throws Exception {
    java.util.Map<String, Object> r = new java.util.HashMap<>();
    r.put("id", id);
    r.put("uuid", java.util.UUID.randomUUID().toString());
    r.put("state", state);
    r.put("exit_code", exit);
    r.put("output", output);
    r.put("at", System.currentTimeMillis());
    assertThat(
            col.post(
                    "/api/v1/agent/actions/report",
                    Collector.tokenOf(host),
                    java.util.Map.of("host", host, "reports", java.util.List.of(r)))
                .statusCode())
        .isEqualTo(200);
  }

  @Test
  void listAckSilenceAndUnsilence() throws Exception {
    col.post(
        "/api/v1/events",
        Collector.tokenOf("pi3"),
        body("pi3", event("mysql", "3306", "replication_lag", "firing", "critical", "lag 400 s")));
    assertThat(run("alerts", "--state", "firing")).as(err.toString()).isZero();
    assertThat(out.toString())
        .contains("CRITICAL")
        .contains("pi3")
        .contains("mysql:3306")
        .contains("replication_lag")
        .contains("lag 400 s");
    long id =
        Collector.json(col.get("/api/v1/alerts?host=pi3", null))
            .get("alerts")
            .get(0)
            .get("id")
            .asLong();

    fresh();
    assertThat(run("ack", String.valueOf(id), "--by", "zq", "--comment", "on it"))
        .as(err.toString())
        .isZero();
    assertThat(out.toString()).contains("alert " + id + " acked by zq");

    fresh();
    assertThat(run("ack", "999999")).isEqualTo(1);
    assertThat(err.toString()).contains("404").contains("no alert 999999");

    fresh();
    assertThat(
            run(
                "silence",
                "--host",
                "pi*",
                "--resource",
                "mysql",
                "--for",
                "2h",
                "--comment",
                "upgrade"))
        .as(err.toString())
        .isZero();
    String sid = out.toString().replaceAll("(?s)silence (\\d+).*", "$1").trim();
    fresh();
    assertThat(run("silences")).isZero();
    assertThat(out.toString()).contains("pi*").contains("upgrade");
    fresh();
    assertThat(run("unsilence", sid)).isZero();
    fresh();
    assertThat(run("silence", "--host", "pi3", "--for", "forever", "--comment", "x")).isEqualTo(1);
    assertThat(err.toString()).contains("duration");
  }

  /** docs/notifier.md, "One-click ack": a new signing key, the old one retired, none printed. */
  @Test
  void ackLinksRotate() throws Exception {
    assertThat(run("ack-links", "rotate")).as(err.toString()).isZero();
    assertThat(out.toString())
        .containsPattern("ack links: key \\d+ signs from now on; \\d+ older key\\(s\\) verify");
    assertThat(col.count("SELECT COUNT(*) FROM ack_link_keys WHERE retired_at IS NULL"))
        .isEqualTo(1);
    fresh();
    assertThat(run("--json", "ack-links", "rotate")).isZero();
    assertThat(out.toString()).contains("\"key_id\"").doesNotContain("secret");
  }

  @Test
  void maintenanceAddListRemove() throws Exception {
    assertThat(
            run(
                "maintenance",
                "add",
                "backups",
                "--match",
                "host=db*",
                "--every",
                "daily 00:00-23:59",
                "--timezone",
                "UTC",
                "--comment",
                "all day"))
        .as(err.toString())
        .isZero();
    assertThat(out.toString()).startsWith("maintenance ").contains("backups: ACTIVE until ");
    String id = out.toString().replaceAll("(?s)maintenance (\\d+).*", "$1").trim();
    fresh();
    assertThat(run("maintenance", "add", "reboot", "--match", "host=web1", "--for", "2h"))
        .as(err.toString())
        .isZero();
    fresh();
    assertThat(run("maintenance", "list")).as(err.toString()).isZero();
    assertThat(out.toString())
        .contains("backups", "host=db*", "daily 00:00-23:59 UTC", "ACTIVE until", "all day")
        .contains("reboot", "host=web1");
    fresh();
    assertThat(run("--json", "maintenance", "list")).isZero();
    assertThat(out.toString()).contains("\"next\"");
    fresh();
    assertThat(run("maintenance", "remove", id)).isZero();
    assertThat(out.toString()).contains("maintenance " + id + " removed");
    fresh();
    assertThat(run("maintenance", "remove", id)).isEqualTo(1);
    fresh();
    assertThat(
            run("maintenance", "add", "w", "--match", "host=db*", "--every", "Funday 01:00-02:00"))
        .isEqualTo(1);
    assertThat(err.toString()).contains("every").contains("Funday");
  }

  @Test
  void servicesAndTree() throws Exception {
    long now = System.currentTimeMillis();
    java.util.List<io.botasky.common.wire.ServiceEntry> list =
        java.util.List.of(
            new io.botasky.common.wire.ServiceEntry(
                null, "redis", "6379", "dev/cache", "ok", "", now, 60, java.util.List.of(), false),
            new io.botasky.common.wire.ServiceEntry(
                null,
                "redis",
                "6380",
                "dev/cache",
                "unknown",
                "probe failed \u001b[31m",
                now,
                60,
                java.util.List.of(),
                false),
            new io.botasky.common.wire.ServiceEntry(
                null, "system", "", "", "ok", "", now, 60, java.util.List.of(), false));
    assertThat(
            col.post(
                    "/api/v1/heartbeat",
                    Collector.tokenOf("pi5"),
                    new io.botasky.common.wire.Heartbeat(
                        "pi5",
                        "0.1",
                        java.util.Map.of(),
                        "0123456789abcdef",
                        list,
                        null,
                        null,
                        null))
                .statusCode())
        .isEqualTo(200);
    assertThat(run("services", "--host", "pi5")).as(err.toString()).isZero();
    assertThat(out.toString())
        .contains("STATE")
        .contains("redis:6379")
        .contains("UNKNOWN")
        .contains("dev/cache")
        .contains("probe failed \\x1b[31m")
        .doesNotContain("\u001b");
    fresh();
    assertThat(run("services", "--host", "pi5", "--group", "ungrouped")).isZero();
    assertThat(out.toString()).contains("system").doesNotContain("redis");
    fresh();
    assertThat(run("tree")).as(err.toString()).isZero();
    assertThat(out.toString())
        .contains("dev/ (1 ok, 1 unknown)")
        .contains("  cache/ (1 ok, 1 unknown)")
        .contains("ungrouped/ (")
        .contains("pi5 redis:6380  unknown")
        .doesNotContain("\u001b");
    fresh();
    // On a terminal (and without NO_COLOR) the worst state of a group is coloured.
    new CommandLine(
            new BotaskyCommand(
                new PrintWriter(out, true), new PrintWriter(err, true), "testhost", true))
        .execute("-c", conf.toString(), "tree");
    assertThat(out.toString()).contains("cache/ (1 ok, \u001b[35m1 unknown\u001b[0m)");
    fresh();
    assertThat(run("--json", "tree")).isZero();
    assertThat(Collector.JSON.readTree(out.toString()).get("name").asText()).isEmpty();
    fresh();
    assertThat(run("services", "--state", "bogus")).isEqualTo(1);
  }

  @Test
  void hostsStatusAndJson() throws Exception {
    col.post(
        "/api/v1/heartbeat",
        Collector.tokenOf("pi4"),
        java.util.Map.of("host", "pi4", "agent_version", "0.1.0"));
    assertThat(run("hosts")).isZero();
    assertThat(out.toString()).contains("pi4").contains("yes").contains("0.1.0");
    fresh();
    assertThat(run("--json", "hosts")).isZero();
    assertThat(Collector.JSON.readTree(out.toString()).get("hosts").isArray()).isTrue();
    fresh();
    // No boird reports to this database: status says so and exits 1.
    assertThat(run("status")).isEqualTo(1);
    assertThat(out.toString()).contains("database   ok").contains("notifier   NONE");
  }

  @Test
  void unreachableCollectorExits69AndBadConfig78() throws Exception {
    assertThat(
            new CommandLine(
                    new BotaskyCommand(new PrintWriter(out, true), new PrintWriter(err, true), "h"))
                .execute("--url", "http://127.0.0.1:1", "-c", "/nonexistent.conf", "alerts"))
        .isEqualTo(69);
    assertThat(err.toString()).contains("cannot reach the collector");
    fresh();
    Path bad = conf.resolveSibling("bad.conf");
    Files.writeString(bad, "client_port = many\n");
    assertThat(
            new CommandLine(
                    new BotaskyCommand(new PrintWriter(out, true), new PrintWriter(err, true), "h"))
                .execute("-c", bad.toString(), "alerts"))
        .isEqualTo(78);
    assertThat(err.toString()).contains("bad.conf:1: client_port");
  }

  @Test
  void hostileTextReachesTheTerminalEscapedAndTheJsonStaysValid() throws Exception {
    String summary =
        "disk \u001b[31mRED\u001b[0m\r\nFORGED 1 CRITICAL \u2028sep \u202eevil \u009b2J c1";
    col.post(
        "/api/v1/events",
        Collector.tokenOf("pi5"),
        body("pi5", event("process", "x", "process_down", "firing", "critical", summary)));
    assertThat(run("alerts", "--host", "pi5")).as(err.toString()).isZero();
    String table = out.toString();
    assertThat(
            table
                .codePoints()
                .filter(c -> c != '\n' && io.botasky.common.text.SafeText.needsEscape(c))
                .count())
        .as(table)
        .isZero();
    assertThat(table.lines()).hasSize(2).noneMatch(l -> l.startsWith("FORGED"));
    assertThat(table)
        .contains("disk \\x1b[31mRED\\x1b[0m\\r\\nFORGED", "\\u2028sep", "\\u202eevil", "\\x9b2J");

    fresh();
    assertThat(run("--json", "alerts", "--host", "pi5")).as(err.toString()).isZero();
    String json = out.toString();
    assertThat(
            json.codePoints()
                .filter(c -> c != '\n' && io.botasky.common.text.SafeText.needsEscape(c))
                .count())
        .as(json)
        .isZero();
    assertThat(
            new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(json)
                .get("alerts")
                .get(0)
                .get("summary")
                .asText())
        .isEqualTo(summary);
  }

  /**
   * {@code botasky test-mail} follows its request: waiting while no boird takes it, then reporting
   * the ledger row a boird writes for it (played here by the test, as docs/notifier.md describes).
   */
  @Test
  void testMailWaitsForBoirdAndReportsItsLedgerRow() throws Exception {
    assertThat(run("test-mail", "ops@example.com", "--wait", "1")).isEqualTo(1);
    assertThat(err.toString())
        .contains("botasky: test mail to ops@example.com requested (test mail ")
        .contains("but not sent within 1 s: is boird running?");

    fresh();
    try (HikariDataSource ds = DataSources.open(db.settings(), "fake-boird")) {
      Thread boird =
          new Thread(
              () -> {
                try (Connection c = ds.getConnection();
                    Statement s = c.createStatement()) {
                  // Takes the newest request, the one the command below makes.
                  long first = newestRequest(s);
                  long id = first;
                  while (id == first) {
                    Thread.sleep(50);
                    id = newestRequest(s);
                  }
                  s.executeUpdate(
                      "INSERT INTO notifications (alert_id, step, channel, target, status,"
                          + " attempts, created_at, due_at, sent_at, test_mail_id) VALUES (0, 0,"
                          + " 'mail', 'ops@example.com', 'sent', 1, 1, 1, 2, "
                          + id
                          + ")");
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              });
      boird.start();
      assertThat(run("test-mail", "ops@example.com", "--wait", "10")).as(err.toString()).isZero();
      boird.join();
    }
    assertThat(out.toString())
        .startsWith("test mail to ops@example.com sent (test mail ")
        .contains(", ledger id ");
  }

  private static long newestRequest(Statement s) throws Exception {
    try (ResultSet rs = s.executeQuery("SELECT MAX(id) FROM test_mails")) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
