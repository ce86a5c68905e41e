package io.botasky.collector.api;

import static io.botasky.collector.testkit.Collector.ADMIN;
import static io.botasky.collector.testkit.Collector.json;
import static io.botasky.collector.testkit.Collector.tokenOf;
import static io.botasky.collector.testkit.Events.body;
import static io.botasky.collector.testkit.Events.event;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.botasky.collector.testkit.Collector;
import io.botasky.common.testkit.TestDatabase;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTTP API of docs/api.md against a real database. Each engine runs the same cases through a
 * subclass ({@code CollectorApiMariaDbTest}, {@code CollectorApiH2Test}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class CollectorApiContract {
  TestDatabase db;
  Collector col;

  @BeforeAll
  void start(@TempDir Path tmp) throws Exception {
    db = database(tmp);
    col = Collector.start(db.settings(), tmp, Clock.systemUTC(), "max_body = 64K\n");
  }

  /** A fresh database of the engine under test. */
  abstract TestDatabase database(Path tmp) throws Exception;

  @AfterAll
  void stop() throws Exception {
    col.close();
    db.close();
  }

  @Test
  void flappingComesFromBoirdsTableAndIsFalseWithoutIt() throws Exception {
    postEvents(
        "pi5", body("pi5", event("redis", "6379", "flap_probe", "firing", "critical", "down")));
    // boird never ran on this database: no notify_flapping, nothing flapping.
    assertThat(alert("pi5", "flap_probe").get("flapping").asBoolean()).isFalse();
    // The table as boird's migration V3 creates it, with an episode of that fingerprint.
    col.execute(
        "CREATE TABLE notify_flapping (fp_key CHAR(64) NOT NULL PRIMARY KEY, host VARCHAR(255) NOT"
            + " NULL, resource VARCHAR(32) NOT NULL, instance VARCHAR(255) NOT NULL, `check`"
            + " VARCHAR(64) NOT NULL, since BIGINT NOT NULL, alert_id BIGINT NOT NULL, notified INT"
            + " NOT NULL, window_ms BIGINT NOT NULL)");
    try {
      col.execute(
          "INSERT INTO notify_flapping VALUES ('k', 'pi5', 'redis', '6379', 'flap_probe', "
              + System.currentTimeMillis()
              + ", 1, 1, 1800000)");
      assertThat(alert("pi5", "flap_probe").get("flapping").asBoolean()).isTrue();
    } finally {
      col.execute("DROP TABLE notify_flapping");
    }
  }

  private HttpResponse<String> postEvents(String host, Object body) throws Exception {
    return col.post("/api/v1/events", tokenOf(host), body);
  }

  private JsonNode alert(String host, String check) throws Exception {
    for (JsonNode a :
        json(col.get("/api/v1/alerts?host=" + host + "&limit=1000", null)).get("alerts")) {
      if (a.get("check").asText().equals(check)) {
        return a;
      }
    }
    return null;
  }

  @Test
  void alertLifecycleOpenRefreshRaiseResolveReopen() throws Exception {
    Map<String, Object> first =
        event("mysql", "3306", "replication_lag", "firing", "warning", "lag 42 s");
    HttpResponse<String> r = postEvents("pi3", body("pi3", first));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(json(r).get("accepted").asInt()).isEqualTo(1);
    assertThat(json(r).get("duplicates").asInt()).isZero();

    JsonNode a = alert("pi3", "replication_lag");
    assertThat(a.get("state").asText()).isEqualTo("firing");
    assertThat(a.get("severity").asText()).isEqualTo("warning");
    assertThat(a.get("resource").asText()).isEqualTo("mysql");
    assertThat(a.get("instance").asText()).isEqualTo("3306");
    assertThat(a.get("occurrences").asInt()).isEqualTo(1);
    assertThat(a.get("first_seen").asText()).isEqualTo("2026-11-21T10:00:00.123Z");
    long id = a.get("id").asLong();

    // The same event_id again is stored once and reported as a duplicate.
    r = postEvents("pi3", body("pi3", first));
    assertThat(json(r).get("accepted").asInt()).isZero();
    assertThat(json(r).get("duplicates").asInt()).isEqualTo(1);
    assertThat(alert("pi3", "replication_lag").get("occurrences").asInt()).isEqualTo(1);

    Map<String, Object> again =
        event("mysql", "3306", "replication_lag", "firing", "critical", "lag 400 s");
    again.put("observed_at", "2026-11-21T10:05:00Z");
    postEvents("pi3", body("pi3", again));
    a = alert("pi3", "replication_lag");
    assertThat(a.get("id").asLong()).isEqualTo(id);
    assertThat(a.get("occurrences").asInt()).isEqualTo(2);
    assertThat(a.get("severity").asText()).isEqualTo("critical");
    assertThat(a.get("last_seen").asText()).isEqualTo("2026-11-21T10:05:00Z");
    assertThat(a.get("summary").asText()).isEqualTo("lag 400 s");

    // A lower severity later does not lower the alert: it keeps its highest.
    postEvents(
        "pi3",
        body("pi3", event("mysql", "3306", "replication_lag", "firing", "warning", "lag 40 s")));
    assertThat(alert("pi3", "replication_lag").get("severity").asText()).isEqualTo("critical");

    Map<String, Object> resolved =
        event("mysql", "3306", "replication_lag", "resolved", "critical", "lag 0 s");
    resolved.put("observed_at", "2026-11-21T10:10:00Z");
    postEvents("pi3", body("pi3", resolved));
    a = alert("pi3", "replication_lag");
    assertThat(a.get("state").asText()).isEqualTo("resolved");
    assertThat(a.get("resolved_at").asText()).isEqualTo("2026-11-21T10:10:00Z");

    postEvents(
        "pi3",
        body("pi3", event("mysql", "3306", "replication_lag", "firing", "warning", "lag again")));
    a = alert("pi3", "replication_lag");
    assertThat(a.get("id").asLong()).isGreaterThan(id);
    assertThat(a.get("state").asText()).isEqualTo("firing");
    assertThat(
            col.count(
                "SELECT COUNT(*) FROM alert_events WHERE host = 'pi3' AND `check` ="
                    + " 'replication_lag'"))
        .isEqualTo(5);
  }

  @Test
  void oneRequestMayOpenResolveAndReopenTheSameAlert() throws Exception {
    List<Map<String, Object>> evs = new ArrayList<>();
    evs.add(event("redis", "6379", "master_link_down", "firing", "critical", "down"));
    evs.add(event("redis", "6379", "master_link_down", "resolved", "critical", "up"));
    evs.add(event("redis", "6379", "master_link_down", "firing", "critical", "down again"));
    HttpResponse<String> r = postEvents("pi4", body("pi4", evs));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(
            col.count(
                "SELECT COUNT(*) FROM alerts WHERE host = 'pi4' AND `check` = 'master_link_down'"))
        .isEqualTo(2);
    assertThat(
            col.count(
                "SELECT COUNT(*) FROM alerts WHERE host = 'pi4' AND `check` = 'master_link_down'"
                    + " AND state = 'firing'"))
        .isEqualTo(1);
  }

  @Test
  void aResentEventAmongNewOnesIsStoredOnceAndTheRestApplyOnce() throws Exception {
    Map<String, Object> first =
        event("redis", "6380", "replica_missing", "firing", "warning", "0 of 1");
    assertThat(json(postEvents("pi4", body("pi4", first))).get("accepted").asInt()).isEqualTo(1);
    Map<String, Object> second =
        event("redis", "6380", "replica_missing", "firing", "warning", "still 0 of 1");
    Map<String, Object> other =
        event("redis", "6380", "unreachable", "firing", "critical", "timeout");
    HttpResponse<String> r = postEvents("pi4", body("pi4", List.of(second, first, other, second)));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(json(r).get("accepted").asInt()).isEqualTo(2);
    assertThat(json(r).get("duplicates").asInt()).isEqualTo(2);
    assertThat(alert("pi4", "replica_missing").get("occurrences").asInt()).isEqualTo(2);
    assertThat(alert("pi4", "unreachable").get("occurrences").asInt()).isEqualTo(1);
  }

  @Test
  void ackNeedsTheAdminTokenAndStopsAtResolved() throws Exception {
    postEvents(
        "pi5",
        body("pi5", event("process", "sshd", "process_down", "firing", "critical", "sshd gone")));
    long id = alert("pi5", "process_down").get("id").asLong();
    String ack = "{\"by\": \"zq\", \"comment\": \"looking\"}";
    assertThat(col.post("/api/v1/alerts/" + id + "/ack", null, ack).statusCode()).isEqualTo(401);
    assertThat(col.post("/api/v1/alerts/" + id + "/ack", tokenOf("pi5"), ack).statusCode())
        .isEqualTo(403);
    HttpResponse<String> r = col.post("/api/v1/alerts/" + id + "/ack", ADMIN, ack);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(json(r).get("alert").get("state").asText()).isEqualTo("acked");
    assertThat(json(r).get("alert").get("acked_by").asText()).isEqualTo("zq");
    assertThat(col.post("/api/v1/alerts/999999/ack", ADMIN, ack).statusCode()).isEqualTo(404);
    assertThat(json(col.post("/api/v1/alerts/abc/ack", ADMIN, ack)).get("field").asText())
        .isEqualTo("id");

    // A rise in severity re-opens an acked alert; a refresh at the same severity does not.
    postEvents(
        "pi5",
        body("pi5", event("process", "sshd", "process_down", "firing", "critical", "still gone")));
    assertThat(alert("pi5", "process_down").get("state").asText()).isEqualTo("acked");

    postEvents(
        "pi5",
        body("pi5", event("process", "sshd", "process_down", "resolved", "critical", "back")));
    r = col.post("/api/v1/alerts/" + id + "/ack", ADMIN, ack);
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(json(r).get("field").asText()).isEqualTo("id");
  }

  @Test
  void ackExpiresInIsCheckedAndStoresNothingWhenBad() throws Exception {
    postEvents(
        "pi5",
        body("pi5", event("process", "cron", "ack_bad_input", "firing", "critical", "cron gone")));
    long id = alert("pi5", "ack_bad_input").get("id").asLong();
    long before = col.count("SELECT COUNT(*) FROM alerts WHERE state = 'acked'");
    for (String bad :
        new String[] {
          "\"-4h\"", "\"400d\"", "\"31d\"", "\"soon\"", "\"0s\"", "\"500ms\"", "4", "\"\""
        }) {
      HttpResponse<String> r =
          col.post(
              "/api/v1/alerts/" + id + "/ack",
              ADMIN,
              "{\"by\": \"zq\", \"expires_in\": " + bad + "}");
      assertThat(r.statusCode()).as(bad + " " + r.body()).isEqualTo(400);
      assertThat(json(r).get("field").asText()).as(bad).isEqualTo("expires_in");
    }
    assertThat(alert("pi5", "ack_bad_input").get("state").asText()).isEqualTo("firing");
    assertThat(col.count("SELECT COUNT(*) FROM alerts WHERE state = 'acked'")).isEqualTo(before);
  }

  @Test
  void aTimedAckRunsOutOnceAndOnlyForAnAlertStillOpen() throws Exception {
    String[] checks = {"expires", "resolves", "reacked"};
    Map<String, Long> ids = new java.util.HashMap<>();
    for (String c : checks) {
      postEvents("pi5", body("pi5", event("process", c, "ack_expiry", "firing", "critical", c)));
      long id = -1;
      for (JsonNode a : json(col.get("/api/v1/alerts?host=pi5&limit=1000", null)).get("alerts")) {
        if (a.get("instance").asText().equals(c) && a.get("check").asText().equals("ack_expiry")) {
          id = a.get("id").asLong();
        }
      }
      ids.put(c, id);
      HttpResponse<String> r =
          col.post(
              "/api/v1/alerts/" + id + "/ack",
              ADMIN,
              "{\"by\": \"zq\", \"comment\": \"deploy\", \"expires_in\": \"2s\"}");
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      assertThat(json(r).get("alert").get("state").asText()).isEqualTo("acked");
      assertThat(json(r).get("alert").get("ack_expires_at").isTextual()).isTrue();
    }
    // A resolved alert whose ack runs out stays resolved; a second ack replaces the expiry.
    postEvents(
        "pi5",
        body("pi5", event("process", "resolves", "ack_expiry", "resolved", "critical", "back")));
    HttpResponse<String> re =
        col.post("/api/v1/alerts/" + ids.get("reacked") + "/ack", ADMIN, "{\"by\": \"ab\"}");
    assertThat(re.statusCode()).as(re.body()).isEqualTo(200);
    assertThat(json(re).get("alert").get("ack_expires_at").isNull()).isTrue();

    long deadline = System.currentTimeMillis() + 15_000;
    JsonNode a = byId(ids.get("expires"));
    while (!a.get("state").asText().equals("firing") && System.currentTimeMillis() < deadline) {
      Thread.sleep(200);
      a = byId(ids.get("expires"));
    }
    assertThat(a.get("state").asText()).isEqualTo("firing");
    assertThat(a.get("acked_by").isNull()).isTrue();
    assertThat(a.get("ack_expires_at").isNull()).isTrue();
    assertThat(col.count("SELECT ack_expiries FROM alerts WHERE id = " + ids.get("expires")))
        .isEqualTo(1);
    Thread.sleep(1500);
    assertThat(col.count("SELECT ack_expiries FROM alerts WHERE id = " + ids.get("expires")))
        .as("expired once, not at every tick")
        .isEqualTo(1);
    assertThat(byId(ids.get("resolves")).get("state").asText()).isEqualTo("resolved");
    assertThat(byId(ids.get("reacked")).get("state").asText()).isEqualTo("acked");
    assertThat(byId(ids.get("reacked")).get("acked_by").asText()).isEqualTo("ab");
  }

  private JsonNode byId(long id) throws Exception {
    for (JsonNode a : json(col.get("/api/v1/alerts?host=pi5&limit=1000", null)).get("alerts")) {
      if (a.get("id").asLong() == id) {
        return a;
      }
    }
    throw new AssertionError("no alert " + id);
  }

  @Test
  void severityRiseReopensAnAckedAlert() throws Exception {
    postEvents("pi5", body("pi5", event("system", "/", "disk_usage", "firing", "warning", "91%")));
    long id = alert("pi5", "disk_usage").get("id").asLong();
    col.post("/api/v1/alerts/" + id + "/ack", ADMIN, "{\"by\": \"zq\"}");
    postEvents("pi5", body("pi5", event("system", "/", "disk_usage", "firing", "critical", "99%")));
    JsonNode a = alert("pi5", "disk_usage");
    assertThat(a.get("state").asText()).isEqualTo("firing");
    assertThat(a.get("acked_by").isNull()).isTrue();
  }

  @Test
  void malformedRequestsAreRejectedAndStoreNothing() throws Exception {
    long before = col.count("SELECT COUNT(*) FROM alert_events");
    String t = tokenOf("pi3");
    record Case(String body, int status, String field) {}
    Map<String, Object> good = event("mysql", "3306", "unreachable", "firing", "critical", "x");
    List<Case> cases = new ArrayList<>();
    cases.add(new Case("{\"host\": \"pi3\", \"events\": [", 400, null));
    cases.add(new Case("[1, 2]", 400, null));
    cases.add(new Case("{\"host\": \"pi3\"}", 400, "events"));
    cases.add(new Case("{\"host\": 7, \"events\": []}", 400, "host"));
    cases.add(new Case("{\"host\": \"pi3\", \"events\": {}}", 400, "events"));
    for (String[] bad :
        new String[][] {
          {"event_id", null, "events[0].event_id"},
          {"event_id", "\"not-a-uuid\"", "events[0].event_id"},
          {"state", "\"exploded\"", "events[0].state"},
          {"state", "\"acked\"", "events[0].state"},
          {"severity", "\"apocalyptic\"", "events[0].severity"},
          {"severity", null, "events[0].severity"},
          {"value", "\"abc\"", "events[0].value"},
          {"threshold", "true", "events[0].threshold"},
          {"resource", "\"MySQL Server\"", "events[0].resource"},
          {"check", "42", "events[0].check"},
          {"summary", "\"" + "x".repeat(513) + "\"", "events[0].summary"},
          {"details", "[1]", "events[0].details"},
          {"observed_at", "\"yesterday\"", "events[0].observed_at"},
          {"instance", "\"a\\u0001b\"", "events[0].instance"}
        }) {
      com.fasterxml.jackson.databind.node.ObjectNode e = Collector.JSON.valueToTree(good);
      e.put("event_id", UUID.randomUUID().toString());
      if (bad[1] == null) {
        e.remove(bad[0]);
      } else {
        e.set(bad[0], Collector.JSON.readTree(bad[1]));
      }
      String json = Collector.JSON.writeValueAsString(Map.of("host", "pi3", "events", List.of(e)));
      cases.add(new Case(json, 400, bad[2]));
    }
    // A bad event after good ones rejects the whole request.
    cases.add(
        new Case(
            Collector.JSON.writeValueAsString(body("pi3", List.of(good, Map.of("event_id", "x")))),
            400,
            "events[1].event_id"));
    for (Case c : cases) {
      HttpResponse<String> r = postEvents("pi3", c.body);
      assertThat(r.statusCode()).as(c.body).isEqualTo(c.status);
      JsonNode err = json(r);
      assertThat(err.get("error").asText()).as(c.body).isNotBlank();
      if (c.field != null) {
        assertThat(err.get("field").asText()).as(c.body).isEqualTo(c.field);
      }
    }
    // Summary of exactly 512 characters (multi-byte ones) is fine.
    Map<String, Object> max =
        event("mysql", "3306", "unreachable", "firing", "critical", "树".repeat(512));
    assertThat(postEvents("pi3", body("pi3", max)).statusCode()).isEqualTo(200);
    assertThat(col.count("SELECT COUNT(*) FROM alert_events")).isEqualTo(before + 1);
  }

  @Test
  void transportLevelRejections() throws Exception {
    long before = col.count("SELECT COUNT(*) FROM alert_events");
    byte[] ok =
        Collector.JSON.writeValueAsBytes(
            body("pi3", event("mysql", "3306", "unreachable", "firing", "critical", "x")));
    assertThat(col.post("/api/v1/events", tokenOf("pi3"), "text/plain", ok).statusCode())
        .isEqualTo(415);
    assertThat(col.post("/api/v1/events", tokenOf("pi3"), null, ok).statusCode()).isEqualTo(415);
    byte[] badUtf8 =
        "{\"host\": \"pi3\", \"events\": [], \"x\": \"\u00ff\"}"
            .getBytes(StandardCharsets.ISO_8859_1);
    HttpResponse<String> r =
        col.post("/api/v1/events", tokenOf("pi3"), "application/json", badUtf8);
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(json(r).get("error").asText()).contains("UTF-8");
    r = col.post("/api/v1/events", tokenOf("pi3"), "application/json", new byte[70 * 1024]);
    assertThat(r.statusCode()).isEqualTo(413);
    assertThat(json(r).get("error").asText()).contains("max_body");
    assertThat(col.post("/api/v1/events", null, "application/json", ok).statusCode())
        .isEqualTo(401);
    assertThat(
            col.post("/api/v1/events", "wrong-token-wrong-token", "application/json", ok)
                .statusCode())
        .isEqualTo(401);
    r = col.post("/api/v1/events", tokenOf("pi4"), "application/json", ok);
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(json(r).get("field").asText()).isEqualTo("host");
    assertThat(col.count("SELECT COUNT(*) FROM alert_events")).isEqualTo(before);
    // The admin token may report for any host.
    assertThat(col.post("/api/v1/events", ADMIN, "application/json", ok).statusCode())
        .isEqualTo(200);
  }

  @Test
  void sqlInjectionStringsAreStoredVerbatim() throws Exception {
    String evil = "x'); DROP TABLE alerts; -- \" ` \\ <script>alert(1)</script> 树莓派 \uD83D\uDE00";
    Map<String, Object> e = event("system", evil, "root_user", "firing", "warning", evil);
    e.put("details", Map.of(evil, evil));
    assertThat(postEvents("pi3", body("pi3", e)).statusCode()).isEqualTo(200);
    JsonNode a = alert("pi3", "root_user");
    assertThat(a.get("instance").asText()).isEqualTo(evil);
    assertThat(a.get("summary").asText()).isEqualTo(evil);
    Map<String, Object> hb =
        Map.of("host", "pi3", "agent_version", "1.0", "sysinfo", Map.of("os", evil));
    assertThat(col.post("/api/v1/heartbeat", tokenOf("pi3"), hb).statusCode()).isEqualTo(200);
    JsonNode hosts = json(col.get("/api/v1/hosts", null)).get("hosts");
    assertThat(hosts.findValues("os").stream().map(JsonNode::asText)).contains(evil);
    assertThat(col.count("SELECT COUNT(*) FROM alerts")).isPositive();
  }

  @Test
  void metricBatchesAreStoredOncePerBatchId() throws Exception {
    List<Map<String, Object>> samples = new ArrayList<>();
    for (int i = 0; i < 250; i++) {
      samples.add(
          Map.of(
              "metric",
              "cpu.usage",
              "ts",
              1763700000000L + i,
              "value",
              i * 0.5,
              "labels",
              Map.of("core", "all")));
    }
    String batch = UUID.randomUUID().toString();
    Map<String, Object> body = Map.of("host", "pi4", "batch_id", batch, "samples", samples);
    HttpResponse<String> r = col.post("/api/v1/metrics", tokenOf("pi4"), body);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(json(r).get("accepted").asInt()).isEqualTo(250);
    r = col.post("/api/v1/metrics", tokenOf("pi4"), body);
    assertThat(json(r).get("accepted").asInt()).isZero();
    assertThat(json(r).get("duplicates").asInt()).isEqualTo(250);
    assertThat(
            col.count("SELECT COUNT(*) FROM samples WHERE host = 'pi4' AND metric = 'cpu.usage'"))
        .isEqualTo(250);

    Map<String, Object> bad =
        Map.of(
            "host",
            "pi4",
            "batch_id",
            "b2",
            "samples",
            List.of(Map.of("metric", "cpu.usage", "ts", "now", "value", 1)));
    r = col.post("/api/v1/metrics", tokenOf("pi4"), bad);
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(json(r).get("field").asText()).isEqualTo("samples[0].ts");
    bad =
        Map.of(
            "host",
            "pi4",
            "batch_id",
            "b3",
            "samples",
            List.of(Map.of("metric", "cpu.usage", "ts", 1, "value", 1, "labels", Map.of("a", 1))));
    assertThat(json(col.post("/api/v1/metrics", tokenOf("pi4"), bad)).get("field").asText())
        .isEqualTo("samples[0].labels.a");
  }

  @Test
  void heartbeatsMakeHostsAlive() throws Exception {
    Map<String, Object> hb =
        Map.of(
            "host",
            "pi4",
            "agent_version",
            "0.1.0",
            "sysinfo",
            Map.of("kernel", "6.1", "vips_held", List.of()));
    assertThat(col.post("/api/v1/heartbeat", tokenOf("pi4"), hb).statusCode()).isEqualTo(200);
    JsonNode hosts = json(col.get("/api/v1/hosts", null)).get("hosts");
    JsonNode pi4 = null;
    for (JsonNode h : hosts) {
      if (h.get("host").asText().equals("pi4")) {
        pi4 = h;
      }
    }
    assertThat(pi4).isNotNull();
    assertThat(pi4.get("alive").asBoolean()).isTrue();
    assertThat(pi4.get("agent_version").asText()).isEqualTo("0.1.0");
    assertThat(pi4.get("sysinfo").get("kernel").asText()).isEqualTo("6.1");
    HttpResponse<String> r =
        col.post(
            "/api/v1/heartbeat",
            tokenOf("pi4"),
            Map.of("host", "pi4", "sysinfo", Map.of("vips_held", "10.0.0.1")));
    assertThat(json(r).get("field").asText()).isEqualTo("sysinfo.vips_held");

    // Only IP address literals, stored in their canonical form (issue 11: a forged VIP became a
    // split_brain instance and forged log lines).
    r =
        col.post(
            "/api/v1/heartbeat",
            tokenOf("pi4"),
            Map.of(
                "host",
                "pi4",
                "sysinfo",
                Map.of(
                    "vips_held",
                    List.of("10.0.0.1", "10.9.9.9\r\n2026-11-21T10:00:00.000Z FORGED\u001b[31m"))));
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(json(r).get("field").asText()).isEqualTo("sysinfo.vips_held[1]");
    assertThat(json(r).get("error").asText()).doesNotContain("\r", "\n", "\u001b");
    r =
        col.post(
            "/api/v1/heartbeat",
            tokenOf("pi4"),
            Map.of("host", "pi4", "sysinfo", Map.of("vips_held", List.of("db.example.com"))));
    assertThat(json(r).get("field").asText()).isEqualTo("sysinfo.vips_held[0]");
    r =
        col.post(
            "/api/v1/heartbeat",
            tokenOf("pi4"),
            Map.of(
                "host", "pi4", "sysinfo", Map.of("vips_held", List.of("FE80:0:0:0:0:0:0:0001"))));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    for (JsonNode h : json(col.get("/api/v1/hosts", null)).get("hosts")) {
      if (h.get("host").asText().equals("pi4")) {
        assertThat(h.get("sysinfo").get("vips_held").toString()).isEqualTo("[\"fe80::1\"]");
      }
    }
  }

  @Test
  void silencesNeedTheAdminTokenAndCanBeRemoved() throws Exception {
    String s =
        "{\"host\": \"pi3\", \"resource\": \"mysql\", \"duration\": \"2h\", \"comment\":"
            + " \"maintenance\", \"by\": \"zq\"}";
    assertThat(col.post("/api/v1/silences", tokenOf("pi3"), s).statusCode()).isEqualTo(403);
    HttpResponse<String> r = col.post("/api/v1/silences", ADMIN, s);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    long id = json(r).get("silence").get("id").asLong();
    assertThat(
            json(col.get("/api/v1/silences", ADMIN)).get("silences").findValues("id").stream()
                .map(JsonNode::asLong))
        .contains(id);
    assertThat(col.get("/api/v1/silences", null).statusCode()).isEqualTo(401);
    assertThat(
            json(col.post("/api/v1/silences", ADMIN, "{\"host\": \"pi3\", \"duration\": \"2h\"}"))
                .get("field")
                .asText())
        .isEqualTo("comment");
    assertThat(
            json(col.post(
                    "/api/v1/silences",
                    ADMIN,
                    "{\"host\": \"pi3\", \"duration\": \"soon\", \"comment\": \"x\"}"))
                .get("field")
                .asText())
        .isEqualTo("duration");
    assertThat(col.send("DELETE", "/api/v1/silences/" + id, ADMIN).statusCode()).isEqualTo(200);
    assertThat(col.send("DELETE", "/api/v1/silences/" + id, ADMIN).statusCode()).isEqualTo(404);
    assertThat(
            json(col.get("/api/v1/silences", ADMIN)).get("silences").findValues("id").stream()
                .map(JsonNode::asLong))
        .doesNotContain(id);
  }

  @Test
  void queryValidationAndRouting() throws Exception {
    assertThat(json(col.get("/api/v1/alerts?state=burning", null)).get("field").asText())
        .isEqualTo("state");
    assertThat(json(col.get("/api/v1/alerts?limit=0", null)).get("field").asText())
        .isEqualTo("limit");
    assertThat(col.get("/api/v1/nothing", null).statusCode()).isEqualTo(404);
    HttpResponse<String> r = col.send("DELETE", "/api/v1/events", ADMIN);
    assertThat(r.statusCode()).isEqualTo(405);
    assertThat(r.headers().firstValue("Allow")).contains("POST");
    assertThat(json(r).get("error").asText()).isNotBlank();
  }

  @Test
  void healthReadinessAndPrometheusMetrics() throws Exception {
    assertThat(col.get("/healthz", null).statusCode()).isEqualTo(200);
    assertThat(col.get("/readyz", null).statusCode()).isEqualTo(200);
    postEvents(
        "pi3", body("pi3", event("system", "", "cpu_usage", "firing", "warning", "cpu 95%")));
    HttpResponse<String> r = col.get("/metrics", null);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
    assertThat(r.body())
        .contains("botasky_ingest_events_total{result=\"accepted\"}")
        .contains("botasky_http_requests_seconds_bucket")
        .contains("hikaricp_connections")
        .contains("jvm_memory_used_bytes");
    JsonNode status = json(col.get("/api/v1/status", null));
    assertThat(status.get("database").get("ok").asBoolean()).isTrue();
    assertThat(status.get("collector").get("master").asText()).isEqualTo("testmaster");
  }

  @Test
  void ledgerAndTestMailRequest() throws Exception {
    assertThat(
            col.post("/api/v1/test-mail", tokenOf("pi3"), "{\"to\": \"ops@example.com\"}")
                .statusCode())
        .isEqualTo(403);
    assertThat(
            json(col.post("/api/v1/test-mail", ADMIN, "{\"to\": \"nobody\"}"))
                .get("field")
                .asText())
        .isEqualTo("to");
    HttpResponse<String> r = col.post("/api/v1/test-mail", ADMIN, "{\"to\": \"ops@example.com\"}");
    assertThat(r.statusCode()).isEqualTo(202);
    long id = json(r).get("test_mail_id").asLong();
    // A request, not a ledger row: only boird writes notifications, when it takes the request.
    JsonNode m = json(col.get("/api/v1/test-mail/" + id, null)).get("test_mail");
    assertThat(m.get("status").asText()).isEqualTo("pending");
    assertThat(m.get("to").asText()).isEqualTo("ops@example.com");
    assertThat(m.get("notification_id").isNull()).isTrue();
    assertThat(json(col.get("/api/v1/notifications", null)).get("notifications")).isEmpty();
    assertThat(col.get("/api/v1/test-mail/" + (id + 1000), null).statusCode()).isEqualTo(404);
  }
}
