package io.botasky.collector.api;

import static io.botasky.collector.testkit.Collector.json;
import static io.botasky.collector.testkit.Collector.tokenOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.botasky.collector.testkit.Collector;
import io.botasky.common.testkit.TestDatabase;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The log view's API (docs/api.md, "Log view") against a real database: POST stores once per batch
 * id, a bad request stores nothing, GET filters newest first, and the collector's own WARN/ERROR
 * lines arrive with source pihealthd. One subclass per engine.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class LogsApiContract {
  TestDatabase db;
  Collector col;

  @BeforeAll
  void start(@TempDir Path tmp) throws Exception {
    db = database(tmp);
    col = Collector.start(db.settings(), tmp, Clock.systemUTC(), "");
  }

  abstract TestDatabase database(Path tmp) throws Exception;

  @AfterAll
  void stop() throws Exception {
    col.close();
    db.close();
  }

  private static Map<String, Object> line(String source, String level, long ts, String text) {
    return Map.of("source", source, "level", level, "ts", ts, "line", text);
  }

  private HttpResponse<String> post(String host, String batch, List<?> lines) throws Exception {
    return col.post(
        "/api/v1/logs", tokenOf(host), Map.of("host", host, "batch_id", batch, "lines", lines));
  }

  private JsonNode get(String query) throws Exception {
    HttpResponse<String> r = col.get("/api/v1/logs" + query, null);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return json(r).get("lines");
  }

  @Test
  void linesAreStoredOncePerBatchAndServedNewestFirst() throws Exception {
    String batch = UUID.randomUUID().toString();
    List<Map<String, Object>> lines =
        List.of(
            line("mysql_errors", "error", 1_763_700_000_000L, "[ERROR] InnoDB: page corrupt"),
            line("mysql_errors", "error", 1_763_700_001_000L, "[ERROR] again é ✓"),
            line("boagent", "warning", 1_763_700_002_000L, "deliver: collector away"));
    HttpResponse<String> r = post("pi4", batch, lines);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(json(r).get("accepted").asInt()).isEqualTo(3);
    HttpResponse<String> again = post("pi4", batch, lines);
    assertThat(json(again).get("accepted").asInt()).isZero();
    assertThat(json(again).get("duplicates").asInt()).isEqualTo(3);

    JsonNode all = get("?host=pi4");
    assertThat(all).hasSize(3);
    assertThat(all.get(0).get("line").asText()).isEqualTo("deliver: collector away");
    assertThat(all.get(0).get("source").asText()).isEqualTo("boagent");
    assertThat(all.get(0).get("ts").asText()).isEqualTo("2025-11-21T04:40:02Z");
    assertThat(all.get(2).get("line").asText()).isEqualTo("[ERROR] InnoDB: page corrupt");
    for (String f : List.of("id", "host", "source", "level", "ts", "line")) {
      assertThat(all.get(0).has(f)).as(f).isTrue();
    }
    assertThat(get("?host=pi4&source=mysql_errors")).hasSize(2);
    assertThat(get("?host=pi4&level=warning")).hasSize(1);
    assertThat(get("?host=pi4&limit=1")).hasSize(1);
    assertThat(get("?host=pi4&since=1763700001000")).hasSize(2);
    assertThat(get("?host=pi4&since=2025-11-21T04:40:01.500Z")).hasSize(1);
    assertThat(get("?host=pi4&source=mysql_errors").get(0).get("line").asText())
        .isEqualTo("[ERROR] again é ✓");
  }

  @Test
  void aBadRequestIsRefusedNamingTheFieldAndStoresNothing() throws Exception {
    long ts = 1_763_700_000_000L;
    Map<String, List<?>> bad =
        Map.of(
            "lines[1].level",
            List.of(line("app", "info", ts, "ok"), line("app", "fatal", ts, "x")),
            "lines[0].source",
            List.of(line("pihealthd", "info", ts, "not an agent's")),
            "lines[0].line",
            List.of(line("app", "info", ts, "two\nlines")),
            "lines[1].source",
            List.of(line("app", "info", ts, "ok"), line("a b", "info", ts, "x")),
            "lines[0].ts",
            List.of(line("app", "info", -5, "x")));
    for (Map.Entry<String, List<?>> e : bad.entrySet()) {
      HttpResponse<String> r = post("pi5", UUID.randomUUID().toString(), e.getValue());
      assertThat(r.statusCode()).as(e.getKey() + ": " + r.body()).isEqualTo(400);
      assertThat(json(r).get("field").asText()).isEqualTo(e.getKey());
    }
    List<Map<String, Object>> tooLong = List.of(line("app", "info", ts, "x".repeat(8193)));
    assertThat(post("pi5", UUID.randomUUID().toString(), tooLong).statusCode()).isEqualTo(400);
    assertThat(get("?host=pi5")).isEmpty();
    assertThat(col.count("SELECT COUNT(*) FROM log_batches WHERE host = 'pi5'")).isZero();
  }

  @Test
  void anAgentMayOnlyWriteForItsOwnHost() throws Exception {
    HttpResponse<String> r =
        col.post(
            "/api/v1/logs",
            tokenOf("pi3"),
            Map.of("host", "pi4", "batch_id", "b-1", "lines", List.of()));
    assertThat(r.statusCode()).isEqualTo(403);
    HttpResponse<String> none =
        col.post(
            "/api/v1/logs", null, Map.of("host", "pi4", "batch_id", "b-2", "lines", List.of()));
    assertThat(none.statusCode()).isEqualTo(401);
  }

  @Test
  void badQueriesAre400() throws Exception {
    assertThat(col.get("/api/v1/logs?level=fatal", null).statusCode()).isEqualTo(400);
    assertThat(col.get("/api/v1/logs?since=yesterday", null).statusCode()).isEqualTo(400);
    assertThat(col.get("/api/v1/logs?limit=0", null).statusCode()).isEqualTo(400);
  }

  @Test
  void storedLinesArePushedAsLogEventsOnTheStream() throws Exception {
    HttpResponse<InputStream> stream =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(col.url("/api/v1/stream"))).build(),
                HttpResponse.BodyHandlers.ofInputStream());
    assertThat(stream.statusCode()).isEqualTo(200);
    BufferedReader sse =
        new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8));
    assertThat(sse.readLine()).isEqualTo("event: hello");
    String marker = "streamed " + UUID.randomUUID();
    CompletableFuture<String> event =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                boolean inLog = false;
                for (String l = sse.readLine(); l != null; l = sse.readLine()) {
                  if (l.startsWith("event: ")) {
                    inLog = l.equals("event: log");
                  } else if (inLog && l.startsWith("data: ") && l.contains(marker)) {
                    return l.substring(6);
                  }
                }
                return null;
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            });
    HttpResponse<String> r =
        post(
            "pi3",
            UUID.randomUUID().toString(),
            List.of(
                line("app", "info", 1_763_700_000_000L, "first of three"),
                line("app", "warning", 1_763_700_000_000L, marker),
                line("app", "info", 1_763_700_000_000L, "last of three")));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode e = Collector.JSON.readTree(event.get(10, TimeUnit.SECONDS));
    assertThat(e.get("host").asText()).isEqualTo("pi3");
    assertThat(e.get("source").asText()).isEqualTo("app");
    assertThat(e.get("level").asText()).isEqualTo("warning");
    assertThat(e.get("line").asText()).isEqualTo(marker);
    // The id the stream shows is the stored row's.
    long id = e.get("id").asLong();
    JsonNode stored = get("?host=pi3&source=app&limit=1000");
    List<Long> ids = new ArrayList<>();
    stored.forEach(l -> ids.add(l.get("id").asLong()));
    assertThat(ids).contains(id);
    stored.forEach(
        l -> {
          if (l.get("id").asLong() == id) {
            assertThat(l.get("line").asText()).isEqualTo(marker);
          }
        });
    stream.body().close();
  }

  @Test
  void theCollectorsOwnWarningsAreStoredWithSourcePihealthd() throws Exception {
    String marker = "own-line-" + UUID.randomUUID();
    LoggerFactory.getLogger("ingest").warn("test: {}", marker);
    LoggerFactory.getLogger("ingest").info("test info, not forwarded: {}", marker);
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              List<String> texts = new ArrayList<>();
              get("?source=pihealthd&limit=1000").forEach(l -> texts.add(l.get("line").asText()));
              assertThat(texts).contains("ingest: test: " + marker);
              assertThat(texts).noneMatch(t -> t.contains("not forwarded"));
            });
  }
}
