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
import io.botasky.common.testkit.TestDatabase;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
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
