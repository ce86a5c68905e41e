package io.botasky.notifier.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.botasky.common.testkit.Daemon;
import io.botasky.common.testkit.TestDatabase;
import io.botasky.common.wire.Heartbeat;
import io.botasky.common.wire.Json;
import io.botasky.common.wire.ServiceEntry;
import io.botasky.notifier.testing.Daemons;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The {@code action} step through the real daemons ({@code bin/pihealthd}, {@code bin/boird}) on
 * MariaDB and on the collector's embedded H2: a firing alert on a service that offers {@code
 * restart} makes boird request exactly one action, by boird, naming the alert and step; the ledger
 * row and {@code /api/v1/actions} agree; a second alert of the service while it is pending gets a
 * 409, which counts as sent; a rise in severity, more events and repeats request no other
 * (docs/notifier.md, "Action steps").
 */
class ActionStepIT {
  @TempDir Path tmp;

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final ObjectMapper json = Json.mapper();
  private final String token = UUID.randomUUID().toString();
  private static final String AGENT = "agent-token-pi3-0123456789";
  private int port;

  @ParameterizedTest
  @EnumSource(TestDatabase.Engine.class)
  void aFiringAlertRequestsItsServicesActionExactlyOnce(TestDatabase.Engine engine)
      throws Exception {
    try (TestDatabase db = TestDatabase.create(engine, tmp)) {
      port = Daemon.freePort();
      Files.writeString(
          tmp.resolve("escalation.conf"),
          """
          [policy redis]
          match = resource=redis
          step1 = 0s log
          step2 = 0s action restart
          repeat = 1s
          group_wait = 0s
          [policy default]
          step1 = 0s log
          """);
      Files.writeString(tmp.resolve("agent_tokens"), "pi3 = " + AGENT + "\n");
      Path conf =
          Daemons.conf(
              tmp,
              db.settings(),
              Map.of(
                  "client_port",
                  String.valueOf(port),
                  "bind",
                  "127.0.0.1",
                  "admin_token",
                  token,
                  "agent_tokens",
                  tmp.resolve("agent_tokens").toString(),
                  "poll_interval",
                  "300ms"));
      Process collector = Daemons.start("pihealthd", conf, tmp.resolve("pihealthd.out"));
      Process notifier = null;
      try {
        await().atMost(Duration.ofSeconds(60)).until(() -> Daemon.ready(port));
        // The agent's inventory: redis:6379 offers restart.
        ServiceEntry redis =
            new ServiceEntry(
                null,
                "redis",
                "6379",
                "",
                "ok",
                "",
                System.currentTimeMillis(),
                60,
                List.of("restart"),
                false);
        HttpResponse<String> hb =
            send(
                "/api/v1/heartbeat",
                json.writeValueAsString(
                    new Heartbeat(
                        "pi3",
                        "0.1",
                        Map.of(),
                        "00000000000000a1",
                        List.of(
                            redis,
                            new ServiceEntry(
                                null,
                                "redis",
                                "6380",
                                "",
                                "ok",
                                "",
                                System.currentTimeMillis(),
                                60,
                                List.of(),
                                false)),
                        null,
                        null,
                        null)));
        assertThat(hb.statusCode()).as(hb.body()).isEqualTo(200);
        notifier = Daemons.start("boird", conf, tmp.resolve("boird.out"));
        await().atMost(Duration.ofSeconds(60)).until(() -> log("boird.log").contains("ready:"));

        // Two alerts in one post: redis:6379 offers restart, redis:6380 does not. Due together,
        // each
        // is requested on its own, so the refusal of one does not fail the other.
        assertThat(
                send(
                        "/api/v1/events",
                        events(event("warning", "down", "6379"), event("warning", "down", "6380")))
                    .statusCode())
            .isEqualTo(200);
        long alert = alertId("down", "6379");
        long refused = alertId("down", "6380");
        await().atMost(Duration.ofSeconds(20)).until(() -> actions().size() == 1);
        JsonNode a = actions().get(0);
        assertThat(a.get("host").asText()).isEqualTo("pi3");
        assertThat(a.get("resource").asText()).isEqualTo("redis");
        assertThat(a.get("instance").asText()).isEqualTo("6379");
        assertThat(a.get("action").asText()).isEqualTo("restart");
        assertThat(a.get("by").asText()).isEqualTo("boird");
        assertThat(a.get("comment").asText()).isEqualTo("alert " + alert + " step 2");
        assertThat(a.get("state").asText()).isEqualTo("pending");

        // The ledger: channel action, target restart, sent.
        await().atMost(Duration.ofSeconds(10)).until(() -> "sent".equals(actionRow(alert)));

        await().atMost(Duration.ofSeconds(10)).until(() -> "failed".equals(actionRow(refused)));
        JsonNode row = actionLedgerRow(refused);
        assertThat(row.path("last_error").asText())
            .contains("action restart on pi3 redis:6380: 400");
        assertThat(row.path("attempts").asInt()).isEqualTo(1);

        // A second alert of the same service while that one is pending: its step gets a 409,
        // which counts as sent (one is under way), and creates nothing.
        assertThat(send("/api/v1/events", event("warning", "slow")).statusCode()).isEqualTo(200);
        long second = alertId("slow", "6379");
        assertThat(second).isNotEqualTo(alert);
        await().atMost(Duration.ofSeconds(20)).until(() -> "sent".equals(actionRow(second)));
        assertThat(actions()).hasSize(1);

        // More occurrences, a rise in severity and repeats: still the one action. The first one
        // finishes (the agent's report) so that a second request would not just be a 409.
        Map<String, Object> done =
            Map.of(
                "host",
                "pi3",
                "reports",
                List.of(
                    Map.of(
                        "id", a.get("id").asLong(),
                        "uuid", UUID.randomUUID().toString(),
                        "resource", "redis",
                        "instance", "6379",
                        "action", "restart",
                        "by", "boird",
                        "state", "succeeded",
                        "exit_code", 0,
                        "at", System.currentTimeMillis())));
        HttpResponse<String> rep =
            send("/api/v1/agent/actions/report", json.writeValueAsString(done), AGENT);
        assertThat(rep.statusCode()).as(rep.body()).isEqualTo(200);
        assertThat(send("/api/v1/events", event("warning")).statusCode()).isEqualTo(200);
        assertThat(send("/api/v1/events", event("critical")).statusCode()).isEqualTo(200);
        // The rise re-notifies the log step in the critical epoch: wait for that, then some more.
        await()
            .atMost(Duration.ofSeconds(20))
            .until(
                () -> log("alerts.log").lines().filter(l -> l.contains("CRITICAL")).count() >= 1);
        await()
            .during(Duration.ofSeconds(3))
            .atMost(Duration.ofSeconds(5))
            .until(() -> actions().size() == 1);
        assertThat(actions().get(0).get("state").asText()).isEqualTo("succeeded");
        assertThat(log("boird.log")).contains("action: id=" + a.get("id").asLong() + " host=pi3");

        notifier.destroy();
        assertThat(notifier.waitFor(10, TimeUnit.SECONDS)).isTrue();
      } finally {
        if (notifier != null) {
          notifier.destroyForcibly();
        }
        collector.destroy();
        if (!collector.waitFor(15, TimeUnit.SECONDS)) {
          collector.destroyForcibly();
        }
      }
    }
  }

  private List<JsonNode> actions() throws Exception {
    JsonNode n = json.readTree(get("/api/v1/actions?host=pi3&limit=100")).get("actions");
    List<JsonNode> out = new java.util.ArrayList<>();
    n.forEach(out::add);
    return out;
  }

  private JsonNode ledger(long alert) throws Exception {
    return json.readTree(get("/api/v1/notifications?alert=" + alert + "&limit=100"))
        .get("notifications");
  }

  private long alertId(String check, String instance) throws Exception {
    for (JsonNode a : json.readTree(get("/api/v1/alerts?host=pi3")).get("alerts")) {
      if (a.get("check").asText().equals(check) && a.get("instance").asText().equals(instance)) {
        return a.get("id").asLong();
      }
    }
    throw new AssertionError("no alert " + check + " of pi3 redis:" + instance);
  }

  private JsonNode actionLedgerRow(long alert) throws Exception {
    for (JsonNode r : ledger(alert)) {
      if (r.path("channel").asText().equals("action")) {
        return r;
      }
    }
    throw new AssertionError("no action row of alert " + alert);
  }

  /** The status of the alert's one ledger row of the action channel (target restart), or null. */
  private String actionRow(long alert) throws Exception {
    String status = null;
    int n = 0;
    for (JsonNode r : ledger(alert)) {
      if (r.path("channel").asText().equals("action")) {
        n++;
        assertThat(r.path("target").asText()).isEqualTo("restart");
        status = r.path("status").asText();
      }
    }
    assertThat(n).as("action rows of alert %d", alert).isLessThanOrEqualTo(1);
    return status;
  }

  private String event(String severity) {
    return events(event(severity, "down", "6379"));
  }

  private String event(String severity, String check) {
    return events(event(severity, check, "6379"));
  }

  private static String events(String... events) {
    return "{\"host\":\"pi3\",\"events\":[" + String.join(",", events) + "]}";
  }

  private static String event(String severity, String check, String instance) {
    return "{\"event_id\":\""
        + UUID.randomUUID()
        + "\",\"resource\":\"redis\",\"instance\":\""
        + instance
        + "\",\"check\":\""
        + check
        + "\",\"state\":\"firing\",\"severity\":\""
        + severity
        + "\",\"value\":0,\"threshold\":1,\"summary\":\"redis does not answer\",\"details\":{},"
        + "\"observed_at\":\""
        + Instant.now()
        + "\"}";
  }

  private String log(String name) throws Exception {
    Path p = tmp.resolve(name);
    return Files.exists(p) ? Files.readString(p, StandardCharsets.UTF_8) : "";
  }

  private HttpResponse<String> send(String path, String body) throws Exception {
    return send(path, body, token);
  }

  private HttpResponse<String> send(String path, String body, String bearer) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .header("Authorization", "Bearer " + bearer)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private String get(String path) throws Exception {
    return http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + token)
                .build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }
}
