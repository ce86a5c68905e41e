package io.botasky.collector.api;

import static io.botasky.collector.testkit.Collector.json;
import static io.botasky.collector.testkit.Collector.tokenOf;
import static io.botasky.collector.testkit.Events.body;
import static io.botasky.collector.testkit.Events.event;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.botasky.collector.testkit.Collector;
import io.botasky.common.testkit.TestDatabase;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.assertj.core.api.AbstractStringAssert;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11, item 6: validation and the schema agree on what a length is, a value the database
 * refuses anyway is a 400 naming its field, and no answer quotes SQL or the driver. Each engine
 * runs the same cases through a subclass.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class StorageLimitsContract {
  static final String FIRE = "\uD83D\uDD25";
  TestDatabase db;
  Collector col;

  @BeforeAll
  void start(@TempDir Path tmp) throws Exception {
    db = database(tmp);
    col = Collector.start(db.settings(), tmp, Clock.systemUTC(), "");
  }

  abstract TestDatabase database(Path tmp) throws Exception;

  /** Makes {@code table.column} a VARCHAR({@code n}) NOT NULL, in this engine's syntax. */
  abstract String narrow(String table, String column, int n);

  @AfterAll
  void stop() throws Exception {
    col.close();
    db.close();
  }

  private static AbstractStringAssert<?> assertNoSqlOrDriverText(HttpResponse<String> r) {
    return assertThat(r.body())
        .as("answer body")
        .doesNotContainIgnoringCase("insert")
        .doesNotContainIgnoringCase("select")
        .doesNotContainIgnoringCase("alert_events")
        .doesNotContainIgnoringCase("metric_batches")
        .doesNotContainIgnoringCase("sql")
        .doesNotContainIgnoringCase("column")
        .doesNotContainIgnoringCase("exception")
        .doesNotContain("22001")
        .doesNotContain("42S02")
        .doesNotContain("42102");
  }

  @Test
  void a512EmojiSummaryAndA255EmojiInstanceAreStoredVerbatim() throws Exception {
    String summary = FIRE.repeat(512);
    String instance = "\uD83C\uDF53".repeat(255);
    HttpResponse<String> r =
        col.post(
            "/api/v1/events",
            tokenOf("pi3"),
            body(
                "pi3", event("mysql", instance, "replication_lag", "firing", "critical", summary)));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode alerts = json(col.get("/api/v1/alerts?host=pi3&limit=1000", null)).get("alerts");
    assertThat(alerts.findValuesAsText("summary")).contains(summary);
    assertThat(alerts.findValuesAsText("instance")).contains(instance);
  }

  @Test
  void a513EmojiSummaryIs400NamingTheField() throws Exception {
    HttpResponse<String> r =
        col.post(
            "/api/v1/events",
            tokenOf("pi3"),
            body(
                "pi3",
                event("mysql", "3306", "replication_lag", "firing", "critical", FIRE.repeat(513))));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
    assertThat(json(r).get("field").asText()).isEqualTo("events[0].summary");
  }

  /**
   * The net under validation: a column narrower than the API's limit, as a hand-made schema could
   * have.
   */
  @Test
  void aValueTheDatabaseRefusesIs400NamingTheFieldWithoutSql() throws Exception {
    // Rows of the other cases would not fit; this one owns the table while it runs (PER_CLASS,
    // sequential).
    col.execute("DELETE FROM alert_events WHERE CHAR_LENGTH(summary) > 10");
    col.execute(narrow("alert_events", "summary", 10));
    try {
      HttpResponse<String> r =
          col.post(
              "/api/v1/events",
              tokenOf("pi4"),
              body(
                  "pi4",
                  List.of(
                      event("redis", "6379", "unreachable", "firing", "critical", "short"),
                      event(
                          "redis",
                          "6379",
                          "unreachable",
                          "firing",
                          "critical",
                          "much longer than ten"))));
      assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
      assertThat(json(r).get("field").asText()).isEqualTo("events[1].summary");
      assertThat(json(r).get("error").asText())
          .isEqualTo("events[1].summary: too long for the database");
      assertNoSqlOrDriverText(r).doesNotContain("much longer");
      assertThat(col.count("SELECT COUNT(*) FROM alert_events WHERE host = 'pi4'"))
          .as("nothing of the request stored")
          .isZero();
    } finally {
      col.execute(narrow("alert_events", "summary", 512));
    }
  }

  @Test
  void aFaultIs500InternalErrorInOneLine() throws Exception {
    col.execute("ALTER TABLE metric_batches RENAME TO metric_batches_away");
    try {
      HttpResponse<String> r =
          col.post(
              "/api/v1/metrics",
              tokenOf("pi5"),
              Map.of(
                  "host",
                  "pi5",
                  "batch_id",
                  UUID.randomUUID().toString(),
                  "samples",
                  List.of(Map.of("metric", "cpu.usage", "ts", 1763700000000L, "value", 1))));
      assertThat(r.statusCode()).as(r.body()).isEqualTo(500);
      assertThat(r.body()).isEqualTo("{\"error\":\"internal error\"}");
      assertNoSqlOrDriverText(r);
    } finally {
      col.execute("ALTER TABLE metric_batches_away RENAME TO metric_batches");
    }
  }
}
