package io.botasky.collector.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bin/pihealthd on the real MariaDB, killed -9 under load and started again: every event answered
 * 200 is stored, none twice. Then SIGTERM: exit 0 within 10 s, with the stop in the log.
 */
class CollectorCrashIT {
  static final String TOKEN = "crash-test-token-0123456789";

  @TempDir Path tmp;

  @Test
  void everyAcknowledgedEventSurvivesKillNine() throws Exception {
    try (TestDatabase db = TestDatabase.create(TestDatabase.Engine.MARIADB, tmp)) {
      int port = Daemon.freePort();
      Path tokens = tmp.resolve("tokens");
      Files.writeString(tokens, "");
      Path log = tmp.resolve("pihealthd.log");
      Path conf = tmp.resolve("pihealthd.conf");
      Files.writeString(
          conf,
          "master = crash\nclient_port = "
              + port
              + "\nbind = 127.0.0.1\ndb_url = "
              + db.settings().url()
              + "\ndb_user = "
              + db.settings().user()
              + "\ndb_password = "
              + db.settings().password()
              + "\nadmin_token = "
              + TOKEN
              + "\nPIHealthLog = "
              + log
              + "\ndata_dir = "
              + tmp.resolve("data")
              + "\n");
      Path out = tmp.resolve("stdout.txt");

      Set<String> acked = ConcurrentHashMap.newKeySet();
      Set<String> attempted = ConcurrentHashMap.newKeySet();
      try (Daemon d = Daemon.start(out, "pihealthd", "-c", conf.toString())) {
        await().atMost(Duration.ofSeconds(60)).until(() -> Daemon.ready(port));
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> load = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
          int host = t;
          Thread th = new Thread(() -> post(port, "crash" + host, acked, attempted, stop));
          th.start();
          load.add(th);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> acked.size() > 2000);
        d.kill();
        stop.set(true);
        for (Thread th : load) {
          th.join(10_000);
        }
      }
      assertThat(acked).hasSizeGreaterThan(2000);

      try (Daemon d = Daemon.start(out, "pihealthd", "-c", conf.toString())) {
        await().atMost(Duration.ofSeconds(60)).until(() -> Daemon.ready(port));
        Set<String> stored = new HashSet<>();
        long rows;
        try (Connection c =
                DriverManager.getConnection(
                    db.settings().url(), db.settings().user(), db.settings().password());
            Statement s = c.createStatement()) {
          try (ResultSet rs = s.executeQuery("SELECT event_id FROM alert_events")) {
            while (rs.next()) {
              stored.add(rs.getString(1));
            }
          }
          try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM alert_events")) {
            rs.next();
            rows = rs.getLong(1);
          }
        }
        assertThat(stored).containsAll(acked);
        assertThat(rows).as("no event stored twice").isEqualTo(stored.size());
        assertThat(attempted).containsAll(stored);

        d.process().destroy();
        assertThat(d.process().waitFor(10, TimeUnit.SECONDS))
            .as("stops within 10 s of SIGTERM")
            .isTrue();
        assertThat(d.process().exitValue()).isZero();
        assertThat(Files.readString(log))
            .contains("ready: pihealthd listening")
            .contains("stop: pihealthd stopped");
      }
    }
  }

  private static void post(
      int port, String host, Set<String> acked, Set<String> attempted, AtomicBoolean stop) {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    while (!stop.get()) {
      List<Map<String, Object>> events = new ArrayList<>();
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        String id = UUID.randomUUID().toString();
        ids.add(id);
        events.add(
            Map.of(
                "event_id",
                id,
                "resource",
                "system",
                "instance",
                "/",
                "check",
                "disk_usage",
                "state",
                i % 2 == 0 ? "firing" : "resolved",
                "severity",
                "warning",
                "summary",
                "load"));
      }
      attempted.addAll(ids);
      try {
        byte[] body = Json.mapper().writeValueAsBytes(Map.of("host", host, "events", events));
        HttpResponse<String> r =
            http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/events"))
                    .header("Content-Type", "application/json")
                    .header("Authorization", "Bearer " + TOKEN)
                    .timeout(Duration.ofSeconds(10))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) {
          acked.addAll(ids);
        }
      } catch (Exception e) {
        return;
      }
    }
  }
}
