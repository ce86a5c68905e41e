package io.botasky.collector.api;

import static io.botasky.collector.testkit.Collector.ADMIN;
import static io.botasky.collector.testkit.Collector.json;
import static io.botasky.collector.testkit.Collector.tokenOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.botasky.collector.testkit.Collector;
import io.botasky.common.testkit.MutableClock;
import io.botasky.common.testkit.TestDatabase;
import io.botasky.common.wire.Heartbeat;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The expiry of controlled actions (docs/api.md, "Controlled actions"): a pending action not picked
 * up within {@code action_expiry} (default 5 minutes, on the collector's clock) is expired, with a
 * reason, and no longer offered to the agent; one picked up in time is not.
 */
class ActionExpiryTest {
  @Test
  void aPendingActionPastActionExpiryIsExpired(@TempDir Path tmp) throws Exception {
    MutableClock clock = new MutableClock(Instant.now());
    try (TestDatabase db = TestDatabase.create(TestDatabase.Engine.H2, tmp);
        Collector col = Collector.start(db.settings(), tmp, clock, "")) {
      HttpResponse<String> hb =
          col.post(
              "/api/v1/heartbeat",
              ADMIN,
              new Heartbeat(
                  "pi3",
                  "0.1",
                  Map.of(),
                  "00000000000000b1",
                  List.of(
                      ActionsApiContract.svc("redis", "6379", List.of("restart"), false),
                      ActionsApiContract.svc("redis", "6380", List.of("restart"), false)),
                  null,
                  null,
                  null));
      assertThat(hb.statusCode()).as(hb.body()).isEqualTo(200);
      long stale = requested(col, "6379");
      clock.tick(Duration.ofMinutes(4));
      long picked = requested(col, "6380");
      HttpResponse<String> running =
          col.post(
              "/api/v1/agent/actions/report",
              tokenOf("pi3"),
              Map.of(
                  "host",
                  "pi3",
                  "reports",
                  List.of(
                      Map.of(
                          "id",
                          picked,
                          "uuid",
                          "00000000-0000-0000-0000-000000000001",
                          "state",
                          "running",
                          "at",
                          clock.millis()))));
      assertThat(running.statusCode()).as(running.body()).isEqualTo(200);
      Thread.sleep(1500);
      assertThat(state(col, stale).get("state").asText()).isEqualTo("pending");
      clock.tick(Duration.ofMinutes(1).plusSeconds(1));
      await()
          .atMost(Duration.ofSeconds(5))
          .until(() -> state(col, stale).get("state").asText(), s -> s.equals("expired"));
      JsonNode a = state(col, stale);
      assertThat(a.get("reason").asText()).contains("action_expiry");
      assertThat(Instant.parse(a.get("finished_at").asText()))
          .isAfter(Instant.parse(a.get("requested_at").asText()).plus(Duration.ofMinutes(5)));
      assertThat(state(col, picked).get("state").asText()).isEqualTo("running");
      HttpResponse<String> poll = col.get("/api/v1/agent/actions?host=pi3&wait=0", tokenOf("pi3"));
      assertThat(json(poll).get("actions")).isEmpty();
      // The service is free again.
      requested(col, "6379");
    }
  }

  private static long requested(Collector col, String instance) throws Exception {
    HttpResponse<String> r =
        col.post(
            "/api/v1/actions",
            ADMIN,
            Map.of(
                "host",
                "pi3",
                "resource",
                "redis",
                "instance",
                instance,
                "action",
                "restart",
                "by",
                "alice"));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
    return json(r).get("action").get("id").asLong();
  }

  private static JsonNode state(Collector col, long id) throws Exception {
    return json(col.get("/api/v1/actions/" + id, null)).get("action");
  }
}
