package io.botasky.collector.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.botasky.common.testkit.Daemon;
import io.botasky.common.testkit.TestDatabase;
import io.botasky.common.wire.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two real bin/pihealthd on one MariaDB database (docs/collector.md, "Several collectors"): the
 * first to start leads the watch, the other stands by; host "live" reports to the standby only. The
 * leader is killed -9 at the moment host "gone" falls silent: the standby takes the lease over and
 * raises host_down for "gone" once, within host_timeout and its tick of the last heartbeat, and
 * none for "live", whose heartbeats the dead leader never saw.
 */
class LeaderFailoverIT {
  static final String ADMIN = "failover-admin-token-0123456789";
  static final String LIVE = "failover-live-token-0123456789";
  static final String GONE = "failover-gone-token-0123456789";

  @TempDir Path tmp;
  final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @Test
  void aStandbyTakesTheWatchOverWithoutAStormAndWithoutADuplicate() throws Exception {
    try (TestDatabase db = TestDatabase.create(TestDatabase.Engine.MARIADB, tmp)) {
      Path tokens = tmp.resolve("agent_tokens");
      Files.writeString(tokens, "live = " + LIVE + "\ngone = " + GONE + "\n");
      int portA = Daemon.freePort();
      int portB = Daemon.freePort();
      Path confA = conf(db, "a", portA, tokens);
      Path confB = conf(db, "b", portB, tokens);
      try (Daemon a = Daemon.start(tmp.resolve("a.out"), "pihealthd", "-c", confA.toString())) {
        await().atMost(Duration.ofSeconds(60)).until(() -> Daemon.ready(portA));
        await().atMost(Duration.ofSeconds(10)).until(() -> role(portA).equals("leader"));
        try (Daemon b = Daemon.start(tmp.resolve("b.out"), "pihealthd", "-c", confB.toString())) {
          await().atMost(Duration.ofSeconds(60)).until(() -> Daemon.ready(portB));
          await().atMost(Duration.ofSeconds(10)).until(() -> role(portB).equals("standby"));
          assertThat(metric(portA, "botasky_collector_leader")).isEqualTo("1.0");
          assertThat(metric(portB, "botasky_collector_leader")).isEqualTo("0.0");
          JsonNode collectors = status(portB).path("collectors");
          assertThat(collectors).hasSize(2);
          assertThat(collectors.findValuesAsText("role"))
              .containsExactlyInAnyOrder("leader", "standby");

          AtomicBoolean goneBeats = new AtomicBoolean(true);
          AtomicBoolean running = new AtomicBoolean(true);
          AtomicLong goneLast = new AtomicLong();
          Thread beats =
              new Thread(
                  () -> {
                    while (running.get()) {
                      beat(portB, "live", LIVE);
                      if (goneBeats.get()) {
                        beat(portB, "gone", GONE);
                        goneLast.set(System.currentTimeMillis());
                      }
                      sleep(1000);
                    }
                  });
          beats.start();
          try {
            // Both hosts known and live for a while, beating only through the standby.
            sleep(8000);
            assertThat(hostDowns(db, "live") + hostDowns(db, "gone")).isZero();

            goneBeats.set(false);
            a.kill();
            long silentFrom = goneLast.get();
            await()
                .atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> hostDowns(db, "gone") == 1);
            long raisedAfter = firstSeenOfHostDown(db, "gone") - silentFrom;
            // host_timeout 6 s, and the standby's tick of 1 s; the lease (3 s) ran out meanwhile.
            assertThat(raisedAfter).as("ms from the last heartbeat").isBetween(6000L, 9000L);
            await().atMost(Duration.ofSeconds(5)).until(() -> role(portB).equals("leader"));
            assertThat(metric(portB, "botasky_collector_leader")).isEqualTo("1.0");
            // A few more ticks: still one host_down for gone, none for live.
            sleep(4000);
            assertThat(hostDowns(db, "gone")).isEqualTo(1);
            assertThat(hostDowns(db, "live")).isZero();
            assertThat(Files.readString(tmp.resolve("b.log")))
                .contains("watch: standby, pihealthd@")
                .contains("watch: leader now, term 2 (the lease of pihealthd@");

            // gone comes back through the new leader: its host_down ends.
            beat(portB, "gone", GONE);
            await().atMost(Duration.ofSeconds(5)).until(() -> openHostDowns(db, "gone") == 0);
          } finally {
            running.set(false);
            beats.join(5000);
          }
        }
      }
    }
  }

  /**
   * The leader paused (SIGSTOP) past its lease while a host falls silent: the standby takes over
   * and raises that host_down; the old leader, resumed, finds its term gone (the fence) and writes
   * no second one, and says it is a standby.
   */
  @Test
  void aPausedLeaderThatWakesUpWritesNothing() throws Exception {
    try (TestDatabase db = TestDatabase.create(TestDatabase.Engine.MARIADB, tmp)) {
      Path tokens = tmp.resolve("agent_tokens");
      Files.writeString(tokens, "live = " + LIVE + "\ngone = " + GONE + "\n");
      int portA = Daemon.freePort();
      int portB = Daemon.freePort();
      Path confA = conf(db, "a", portA, tokens);
      Path confB = conf(db, "b", portB, tokens);
      try (Daemon a = Daemon.start(tmp.resolve("a.out"), "pihealthd", "-c", confA.toString())) {
        await().atMost(Duration.ofSeconds(60)).until(() -> Daemon.ready(portA));
        await().atMost(Duration.ofSeconds(10)).until(() -> role(portA).equals("leader"));
        try (Daemon b = Daemon.start(tmp.resolve("b.out"), "pihealthd", "-c", confB.toString())) {
          await().atMost(Duration.ofSeconds(60)).until(() -> Daemon.ready(portB));
          beat(portB, "gone", GONE);
          signal(a.pid(), "STOP");
          try {
            await().atMost(Duration.ofSeconds(10)).until(() -> role(portB).equals("leader"));
            await()
                .atMost(Duration.ofSeconds(15))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> hostDowns(db, "gone") == 1);
          } finally {
            signal(a.pid(), "CONT");
          }
          await().atMost(Duration.ofSeconds(10)).until(() -> role(portA).equals("standby"));
          sleep(3000);
          assertThat(hostDowns(db, "gone")).as("one host_down, not one per leader").isEqualTo(1);
          assertThat(role(portB)).isEqualTo("leader");
          assertThat(Files.readString(tmp.resolve("a.log"))).contains("watch: standby, pihealthd@");
        }
      }
    }
  }

  private static void signal(long pid, String sig) throws Exception {
    Process p = new ProcessBuilder("kill", "-" + sig, Long.toString(pid)).start();
    assertThat(p.waitFor()).as("kill -" + sig).isZero();
  }

  private Path conf(TestDatabase db, String name, int port, Path tokens) throws Exception {
    Path conf = tmp.resolve(name + ".conf");
    Files.writeString(
        conf,
        "master = "
            + name
            + "\nclient_port = "
            + port
            + "\nbind = 127.0.0.1\ndb_url = "
            + db.settings().url()
            + "\ndb_user = "
            + db.settings().user()
            + "\ndb_password = "
            + db.settings().password()
            + "\nagent_tokens = "
            + tokens
            + "\nadmin_token = "
            + ADMIN
            + "\nhost_timeout = 6s\nPIHealthLog = "
            + tmp.resolve(name + ".log")
            + "\ndata_dir = "
            + tmp.resolve(name + "-data")
            + "\n");
    return conf;
  }

  private void beat(int port, String host, String token) {
    try {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/heartbeat"))
                  .header("Authorization", "Bearer " + token)
                  .header("Content-Type", "application/json")
                  .POST(
                      HttpRequest.BodyPublishers.ofString(
                          "{\"host\":\"" + host + "\",\"agent_version\":\"1\",\"sysinfo\":{}}"))
                  .timeout(Duration.ofSeconds(5))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private JsonNode status(int port) throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/status"))
                .header("Authorization", "Bearer " + ADMIN)
                .build(),
            HttpResponse.BodyHandlers.ofString());
    return Json.mapper().readTree(r.body());
  }

  private String role(int port) throws Exception {
    return status(port).path("collector").path("role").asText();
  }

  private String metric(int port, String name) throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                .header("Authorization", "Bearer " + ADMIN)
                .build(),
            HttpResponse.BodyHandlers.ofString());
    for (String line : r.body().split("\n")) {
      if (line.startsWith(name + " ") || line.startsWith(name + "{")) {
        return line.substring(line.lastIndexOf(' ') + 1);
      }
    }
    return "";
  }

  private static long query(TestDatabase db, String sql, String host) throws Exception {
    try (Connection c =
            DriverManager.getConnection(
                db.settings().url(), db.settings().user(), db.settings().password());
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, host);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getLong(1) : -1;
      }
    }
  }

  private static long hostDowns(TestDatabase db, String host) throws Exception {
    return query(db, "SELECT COUNT(*) FROM alerts WHERE host = ? AND `check` = 'host_down'", host);
  }

  private static long openHostDowns(TestDatabase db, String host) throws Exception {
    return query(
        db,
        "SELECT COUNT(*) FROM alerts WHERE host = ? AND `check` = 'host_down' AND open_key IS NOT"
            + " NULL",
        host);
  }

  private static long firstSeenOfHostDown(TestDatabase db, String host) throws Exception {
    return query(
        db, "SELECT MIN(first_seen) FROM alerts WHERE host = ? AND `check` = 'host_down'", host);
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
