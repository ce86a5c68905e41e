package io.botasky.collector.api;

import static io.botasky.collector.testkit.Collector.ADMIN;
import static io.botasky.collector.testkit.Collector.json;
import static io.botasky.collector.testkit.Collector.tokenOf;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.botasky.collector.testkit.Collector;
import io.botasky.common.testkit.TestDatabase;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Maintenance windows through the API (docs/api.md, "Maintenance windows") on a real database, at a
 * fixed time: Saturday 2026-11-21 10:00 UTC. One subclass per engine.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class MaintenanceApiContract {
  static final Instant NOW = Instant.parse("2026-11-21T10:00:00Z");
  TestDatabase db;
  Collector col;

  @BeforeAll
  void start(@TempDir Path tmp) throws Exception {
    db = database(tmp);
    col = Collector.start(db.settings(), tmp, Clock.fixed(NOW, ZoneOffset.UTC), "");
  }

  abstract TestDatabase database(Path tmp) throws Exception;

  @AfterAll
  void stop() throws Exception {
    col.close();
    db.close();
  }

  private JsonNode created(Map<String, Object> body) throws Exception {
    HttpResponse<String> r = col.post("/api/v1/maintenance", ADMIN, body);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    return json(r).get("maintenance");
  }

  private JsonNode listed(long id) throws Exception {
    HttpResponse<String> r = col.get("/api/v1/maintenance", null);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    for (JsonNode w : json(r).get("maintenance")) {
      if (w.get("id").asLong() == id) {
        return w;
      }
    }
    return null;
  }

  @Test
  void aRecurringWindowIsListedWithActiveAndNextAndCanBeRemoved() throws Exception {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("name", "backups");
    body.put("match", "host=db*, resource=mysql");
    body.put("every", "sat 09:00-11:00");
    body.put("timezone", "UTC");
    body.put("comment", "nightly dump");
    body.put("by", "zq");
    assertThat(col.post("/api/v1/maintenance", tokenOf("pi3"), body).statusCode()).isEqualTo(403);
    assertThat(col.post("/api/v1/maintenance", null, body).statusCode()).isEqualTo(401);
    JsonNode w = created(body);
    long id = w.get("id").asLong();
    assertThat(w.get("source").asText()).isEqualTo("api");
    assertThat(w.get("every").asText()).isEqualTo("Sat 09:00-11:00");
    assertThat(w.get("active").asBoolean()).isTrue();
    assertThat(w.get("active_until").asText()).isEqualTo("2026-11-21T11:00:00Z");
    assertThat(w.get("next").get("starts_at").asText()).isEqualTo("2026-11-28T09:00:00Z");
    JsonNode l = listed(id);
    assertThat(l.get("match").asText()).isEqualTo("host=db*, resource=mysql");
    assertThat(l.get("comment").asText()).isEqualTo("nightly dump");
    assertThat(l.get("created_by").asText()).isEqualTo("zq");
    assertThat(l.get("active").asBoolean()).isTrue();

    assertThat(col.send("DELETE", "/api/v1/maintenance/" + id, tokenOf("pi3")).statusCode())
        .isEqualTo(403);
    assertThat(col.send("DELETE", "/api/v1/maintenance/" + id, ADMIN).statusCode()).isEqualTo(200);
    assertThat(col.send("DELETE", "/api/v1/maintenance/" + id, ADMIN).statusCode()).isEqualTo(404);
    assertThat(listed(id)).isNull();
  }

  @Test
  void withoutTimezoneTheCollectorsZone() throws Exception {
    JsonNode w =
        created(Map.of("name", "lunch", "match", "host=web1", "every", "Mon-Fri 12:00-12:15"));
    assertThat(w.get("timezone").asText()).isEqualTo(ZoneId.systemDefault().getId());
    assertThat(w.get("active").asBoolean()).isFalse();
    assertThat(w.get("next").isObject()).isTrue();
  }

  @Test
  void aOneOffWindowStartsNowByDefault() throws Exception {
    JsonNode w =
        created(Map.of("name", "reboot", "match", "host=db1", "ends_at", "2026-11-21T10:30:00Z"));
    assertThat(w.get("every").isNull()).isTrue();
    assertThat(w.get("starts_at").asText()).isEqualTo("2026-11-21T10:00:00Z");
    assertThat(w.get("active").asBoolean()).isTrue();
    assertThat(w.get("active_until").asText()).isEqualTo("2026-11-21T10:30:00Z");
    assertThat(w.get("next").isNull()).isTrue();
    JsonNode later =
        created(
            Map.of(
                "name",
                "later",
                "match",
                "host=db2",
                "starts_at",
                "2026-11-22T01:00:00Z",
                "ends_at",
                "2026-11-22T02:00:00Z"));
    assertThat(later.get("active").asBoolean()).isFalse();
    assertThat(later.get("next").get("starts_at").asText()).isEqualTo("2026-11-22T01:00:00Z");
  }

  /** A JSON body, the field the 400 names. Nothing is stored. */
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"match\": \"host=db*\", \"every\": \"Sun 02:00-04:00\"} | name",
        "{\"name\": \"a b\", \"match\": \"host=db*\", \"every\": \"Sun 02:00-04:00\"} | name",
        "{\"name\": \"w\", \"every\": \"Sun 02:00-04:00\"} | match",
        "{\"name\": \"w\", \"match\": \"colour=red\", \"every\": \"Sun 02:00-04:00\"} | match",
        "{\"name\": \"w\", \"match\": \" , \", \"every\": \"Sun 02:00-04:00\"} | match",
        "{\"name\": \"w\", \"match\": \"host=db*\", \"every\": \"Sun 25:00-26:00\"} | every",
        "{\"name\": \"w\", \"match\": \"host=db*\", \"every\": \"Funday 01:00-02:00\"} | every",
        "{\"name\": \"w\", \"match\": \"host=db*\", \"every\": \"Sun 04:00-02:00\"} | every",
        "{\"name\": \"w\", \"match\": \"host=db*\", \"every\": \"Sun 02:00-02:00\"} | every",
        "{\"name\": \"w\", \"match\": \"host=db*\", \"every\": \"Sun 02:00-04:00\","
            + " \"timezone\": \"Mars/Olympus\"} | timezone",
        "{\"name\": \"w\", \"match\": \"host=db*\"} | every",
        "{\"name\": \"w\", \"match\": \"host=db*\", \"every\": \"Sun 02:00-04:00\","
            + " \"ends_at\": \"2026-11-21T11:00:00Z\"} | every",
        "{\"name\": \"w\", \"match\": \"host=db*\", \"ends_at\": \"2026-11-21T09:00:00Z\"}"
            + " | ends_at",
        "{\"name\": \"w\", \"match\": \"host=db*\", \"ends_at\": \"2027-11-21T09:00:00Z\"}"
            + " | ends_at",
        "{\"name\": \"w\", \"match\": \"host=db*\", \"ends_at\": \"tomorrow\"} | ends_at",
        "{\"name\": \"w\", \"match\": \"host=db*\", \"every\": 5} | every",
      })
  void badInputIsRefusedNamingTheField(String body, String field) throws Exception {
    long before = col.count("SELECT COUNT(*) FROM maintenance");
    HttpResponse<String> r = col.post("/api/v1/maintenance", ADMIN, body);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
    assertThat(json(r).get("field").asText()).as(r.body()).isEqualTo(field);
    assertThat(col.count("SELECT COUNT(*) FROM maintenance")).isEqualTo(before);
  }
}
