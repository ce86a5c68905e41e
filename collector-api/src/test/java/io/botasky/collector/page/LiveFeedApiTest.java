package io.botasky.collector.page;

import static io.botasky.collector.testkit.Events.body;
import static io.botasky.collector.testkit.Events.event;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.botasky.collector.testkit.Collector;
import io.botasky.common.testkit.TestDatabase;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The endpoints behind the status page: samples for sparklines, the event stream, and ?token= for
 * reads only.
 */
class LiveFeedApiTest {
  static final String READ = "read-token-0123456789";
  @TempDir Path tmp;

  @Test
  void samplesAreAveragedIntoBuckets() throws Exception {
    try (TestDatabase db = TestDatabase.create(TestDatabase.Engine.MARIADB, tmp);
        Collector col = Collector.start(db.settings(), tmp, Clock.systemUTC(), "")) {
      long now = System.currentTimeMillis();
      List<Map<String, Object>> s = new ArrayList<>();
      for (int i = 0; i < 120; i++) {
        s.add(
            Map.of(
                "metric",
                "cpu.usage",
                "ts",
                now - 3_600_000L + i * 30_000L,
                "value",
                i % 2 == 0 ? 10 : 20));
      }
      s.add(Map.of("metric", "cpu.usage", "ts", now - 7_200_000L, "value", 99));
      s.add(
          Map.of(
              "metric",
              "disk.used_percent",
              "ts",
              now - 60_000L,
              "value",
              70,
              "labels",
              Map.of("mount", "/")));
      s.add(
          Map.of(
              "metric",
              "disk.used_percent",
              "ts",
              now - 60_000L,
              "value",
              30,
              "labels",
              Map.of("mount", "/boot")));
      col.post(
          "/api/v1/metrics",
          Collector.tokenOf("pi3"),
          Map.of("host", "pi3", "batch_id", UUID.randomUUID().toString(), "samples", s));
      JsonNode r =
          Collector.json(
              col.get(
                  "/api/v1/samples?host=pi3&metrics=cpu.usage,disk.used_percent&since=1h&points=60",
                  null));
      JsonNode cpu = null;
      int disks = 0;
      for (JsonNode series : r.get("series")) {
        if (series.get("metric").asText().equals("cpu.usage")) {
          cpu = series;
        } else {
          disks++;
          assertThat(series.get("labels").get("mount").asText()).isIn("/", "/boot");
        }
      }
      assertThat(disks).isEqualTo(2);
      assertThat(cpu.get("points").size()).isBetween(59, 61);
      // Buckets start on whole minutes, so the first and last may hold a single sample.
      JsonNode pts = cpu.get("points");
      for (int i = 1; i < pts.size() - 1; i++) {
        assertThat(pts.get(i).get(1).asDouble())
            .as("two samples a minute, 10 and 20, average 15")
            .isEqualTo(15.0);
      }
      for (JsonNode p : pts) {
        assertThat(p.get(1).asDouble())
            .as("the 99 from two hours ago is outside the hour")
            .isLessThan(99);
        assertThat(p.get(0).asLong() % 60_000).isZero();
      }
      assertThat(
              Collector.json(col.get("/api/v1/samples?host=pi3&metrics=&since=1h", null))
                  .get("field")
                  .asText())
          .isEqualTo("metrics");
      assertThat(
              Collector.json(col.get("/api/v1/samples?host=pi3&metrics=cpu.usage&since=1y", null))
                  .get("field")
                  .asText())
          .isEqualTo("since");
    }
  }

  @Test
  void streamPushesChangedAlertsAndTokenInQueryIsForReadsOnly() throws Exception {
    try (TestDatabase db = TestDatabase.create(TestDatabase.Engine.H2, tmp);
        Collector col =
            Collector.start(db.settings(), tmp, Clock.systemUTC(), "read_token = " + READ + "\n")) {
      assertThat(col.get("/api/v1/stream", null).statusCode()).isEqualTo(401);
      assertThat(col.get("/api/v1/alerts?token=" + READ, null).statusCode()).isEqualTo(200);
      assertThat(col.get("/api/v1/alerts?token=wrong-token-000000", null).statusCode())
          .isEqualTo(401);
      assertThat(
              col.post(
                      "/api/v1/silences?token=" + Collector.ADMIN,
                      null,
                      "{\"host\":\"x\",\"duration\":\"1h\",\"comment\":\"c\"}")
                  .statusCode())
          .as("a token in the URL never authorises a write")
          .isEqualTo(401);
      // The page shell is served without a token; its data is not.
      assertThat(col.get("/", null).statusCode()).isEqualTo(200);
      assertThat(col.get("/", null).headers().firstValue("Content-Security-Policy").orElse(""))
          .contains("script-src 'self'");

      HttpClient http = HttpClient.newHttpClient();
      HttpResponse<InputStream> stream =
          http.send(
              HttpRequest.newBuilder(URI.create(col.url("/api/v1/stream?token=" + READ))).build(),
              HttpResponse.BodyHandlers.ofInputStream());
      assertThat(stream.statusCode()).isEqualTo(200);
      assertThat(stream.headers().firstValue("Content-Type").orElse(""))
          .startsWith("text/event-stream");
      BufferedReader lines =
          new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8));
      assertThat(lines.readLine()).isEqualTo("event: hello");
      String summary = "stream check " + UUID.randomUUID();
      col.post(
          "/api/v1/events",
          Collector.tokenOf("pi3"),
          body("pi3", event("redis", "6379", "master_link_down", "firing", "critical", summary)));
      CompletableFuture<String> alert =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  String line;
                  boolean inAlert = false;
                  while ((line = lines.readLine()) != null) {
                    if (line.equals("event: alert")) {
                      inAlert = true;
                    } else if (inAlert && line.startsWith("data: ")) {
                      return line.substring(6);
                    }
                  }
                  return null;
                } catch (java.io.IOException e) {
                  throw new java.io.UncheckedIOException(e);
                }
              });
      JsonNode a = Collector.JSON.readTree(alert.get(5, TimeUnit.SECONDS));
      assertThat(a.get("summary").asText()).isEqualTo(summary);
      assertThat(a.get("state").asText()).isEqualTo("firing");
      stream.body().close();
    }
  }
}
