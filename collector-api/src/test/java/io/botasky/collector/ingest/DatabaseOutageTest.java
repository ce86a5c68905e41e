package io.botasky.collector.ingest;

import static io.botasky.collector.testkit.Collector.json;
import static io.botasky.collector.testkit.Collector.tokenOf;
import static io.botasky.collector.testkit.Events.body;
import static io.botasky.collector.testkit.Events.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.botasky.collector.testkit.Collector;
import io.botasky.collector.testkit.TcpProxy;
import io.botasky.common.db.DbSettings;
import io.botasky.common.testkit.MutableClock;
import io.botasky.common.testkit.TestDatabase;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real MariaDB behind a proxy the test cuts: down at start, and gone mid-run. */
class DatabaseOutageTest {
  @TempDir Path tmp;

  private static DbSettings through(TcpProxy proxy, TestDatabase db) {
    DbSettings s = db.settings();
    return new DbSettings(
        "jdbc:mysql://127.0.0.1:" + proxy.port() + "/" + db.name(),
        s.user(),
        s.password(),
        4,
        s.dataDir(),
        Duration.ofSeconds(1));
  }

  @Test
  void databaseDownAtStartIsWaitedFor() throws Exception {
    URI server = URI.create(TestDatabase.mysqlServerUrl().substring(5));
    try (TestDatabase db = TestDatabase.create(TestDatabase.Engine.MARIADB, tmp);
        TcpProxy proxy = new TcpProxy(server.getHost(), server.getPort());
        Collector col = Collector.startUnready(through(proxy, db), tmp, Clock.systemUTC(), "")) {
      assertThat(col.get("/healthz", null).statusCode()).isEqualTo(200);
      HttpResponse<String> r = col.get("/readyz", null);
      assertThat(r.statusCode()).isEqualTo(503);
      assertThat(r.headers().firstValue("Retry-After")).isPresent();
      assertThat(json(r).get("error").asText())
          .as("no driver message without a token")
          .isEqualTo("database unavailable");
      assertThat(json(col.get("/api/v1/status", null)).get("database").get("problem").asText())
          .isEqualTo("database unavailable");
      assertThat(json(col.get("/readyz", Collector.ADMIN)).get("error").asText())
          .startsWith("database unavailable: ");
      r =
          col.post(
              "/api/v1/events",
              tokenOf("pi3"),
              body("pi3", event("mysql", "3306", "unreachable", "firing", "critical", "x")));
      assertThat(r.statusCode()).isEqualTo(503);
      assertThat(r.headers().firstValue("Retry-After")).isPresent();
      assertThat(r.body()).isEqualTo("{\"error\":\"database unavailable\"}");

      proxy.start();
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> col.get("/readyz", null).statusCode() == 200);
      r =
          col.post(
              "/api/v1/events",
              tokenOf("pi3"),
              body("pi3", event("mysql", "3306", "unreachable", "firing", "critical", "x")));
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }
  }

  /**
   * A collector restarted while its database is slow to be ready: the time it answered 503 is not
   * the hosts' silence (docs/collector.md, "Several collectors"). The 2-hour soak raised host_down
   * for ten live hosts as a restarted collector became ready 38 s after its start.
   */
  @Test
  void silenceWhileNotReadyAtStartIsNoHostDown() throws Exception {
    URI server = URI.create(TestDatabase.mysqlServerUrl().substring(5));
    MutableClock clock = new MutableClock(Instant.parse("2026-12-07T02:00:00Z"));
    String conf = "host_timeout = 5s\n";
    try (TestDatabase db = TestDatabase.create(TestDatabase.Engine.MARIADB, tmp);
        TcpProxy proxy = new TcpProxy(server.getHost(), server.getPort())) {
      proxy.start();
      try (Collector first = Collector.start(through(proxy, db), tmp, clock, conf)) {
        assertThat(first.post("/api/v1/heartbeat", tokenOf("pi3"), heartbeat("pi3")).statusCode())
            .isEqualTo(200);
      }
      proxy.cut();
      clock.tick(Duration.ofMinutes(1));
      try (Collector col = Collector.startUnready(through(proxy, db), tmp, clock, conf)) {
        // Not ready for longer than host_timeout, by the collector's clock.
        clock.tick(Duration.ofSeconds(30));
        proxy.start();
        await()
            .atMost(Duration.ofSeconds(30))
            .until(() -> col.get("/readyz", null).statusCode() == 200);
        // Several watch ticks (one a second) after it became ready: pi3 is not down yet.
        Thread.sleep(3000);
        assertThat(hostDowns(col)).as("host_down before pi3 had host_timeout to report").isZero();
        // Still silent host_timeout after that: now it is down.
        clock.tick(Duration.ofSeconds(6));
        await().atMost(Duration.ofSeconds(10)).until(() -> hostDowns(col) == 1);
      }
    }
  }

  private static java.util.Map<String, Object> heartbeat(String host) {
    return java.util.Map.of("host", host, "agent_version", "0.1.0");
  }

  private static int hostDowns(Collector col) throws Exception {
    int n = 0;
    for (var a : json(col.get("/api/v1/alerts?state=firing", Collector.ADMIN)).get("alerts")) {
      if (a.get("check").asText().equals("host_down")) {
        n++;
      }
    }
    return n;
  }

  @Test
  void outageMidRunAnswers503AndStoresNothingThenRecovers() throws Exception {
    URI server = URI.create(TestDatabase.mysqlServerUrl().substring(5));
    try (TestDatabase db = TestDatabase.create(TestDatabase.Engine.MARIADB, tmp);
        TcpProxy proxy = new TcpProxy(server.getHost(), server.getPort())) {
      proxy.start();
      try (Collector col = Collector.start(through(proxy, db), tmp, Clock.systemUTC(), "")) {
        int ok = 0;
        assertThat(
                col.post(
                        "/api/v1/events",
                        tokenOf("pi3"),
                        body(
                            "pi3",
                            event("mysql", "3306", "unreachable", "firing", "critical", "x")))
                    .statusCode())
            .isEqualTo(200);
        ok++;
        proxy.cut();
        int unavailable = 0;
        for (int i = 0; i < 5; i++) {
          HttpResponse<String> r =
              col.post(
                  "/api/v1/events",
                  tokenOf("pi3"),
                  body(
                      "pi3", event("mysql", "3306", "unreachable", "firing", "critical", "x" + i)));
          assertThat(r.statusCode()).as(r.body()).isIn(200, 503);
          if (r.statusCode() == 503) {
            unavailable++;
            assertThat(r.headers().firstValue("Retry-After")).isPresent();
          } else {
            ok++;
          }
        }
        assertThat(unavailable).isPositive();
        await()
            .atMost(Duration.ofSeconds(10))
            .until(() -> col.get("/readyz", null).statusCode() == 503);
        assertThat(col.get("/api/v1/alerts", null).statusCode()).isEqualTo(503);

        proxy.start();
        await()
            .atMost(Duration.ofSeconds(30))
            .until(() -> col.get("/readyz", null).statusCode() == 200);
        await()
            .atMost(Duration.ofSeconds(10))
            .until(
                () ->
                    col.post(
                                "/api/v1/events",
                                tokenOf("pi3"),
                                body(
                                    "pi3",
                                    event(
                                        "mysql",
                                        "3306",
                                        "unreachable",
                                        "firing",
                                        "critical",
                                        "after")))
                            .statusCode()
                        == 200);
        ok++;
        // Exactly the events answered 200 are stored: nothing of a 503 request.
        assertThat(col.count("SELECT COUNT(*) FROM alert_events")).isEqualTo(ok);
      }
    }
  }
}
