package io.botasky.notifier.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.botasky.common.testkit.Daemon;
import io.botasky.common.testkit.TestDatabase;
import io.botasky.common.wire.Json;
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
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * End to end through the real daemons: {@code bin/pihealthd -c FILE} and {@code bin/boird -c FILE}
 * on MariaDB with Redis wake-up, or on the collector's embedded H2 file shared through AUTO_SERVER;
 * GreenMail as the SMTP server. An event posted → the contract's mail; escalation after the delay;
 * an ack through the API stops the repeats; the recovery mail; a test mail.
 */
class EndToEndIT {
  @RegisterExtension
  static GreenMailExtension smtp = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

  @TempDir Path tmp;

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final ObjectMapper json = Json.mapper();
  private final String token = UUID.randomUUID().toString();
  private int port;

  @ParameterizedTest
  @EnumSource(TestDatabase.Engine.class)
  void eventToMailEscalationAckRecovery(TestDatabase.Engine engine) throws Exception {
    try (TestDatabase db = TestDatabase.create(engine, tmp)) {
      port = Daemon.freePort();
      Files.writeString(
          tmp.resolve("escalation.conf"),
          """
          [contacts oncall]
          mail = ops@example.com
          [contacts leads]
          mail = lead@example.com
          [policy critical]
          match = severity>=critical
          step1 = 0s mail oncall
          step2 = 2s mail leads
          repeat = 2s
          resolved = mail oncall
          group_wait = 0s
          """);
      boolean mysql = engine == TestDatabase.Engine.MARIADB;
      Path conf =
          Daemons.conf(
              tmp,
              db.settings(),
              Map.of(
                  "client_port",
                  String.valueOf(port),
                  "bind",
                  "127.0.0.1",
                  "redis_url",
                  mysql ? "redis://127.0.0.1:6379/0" : "",
                  "admin_token",
                  token,
                  "smtp_host",
                  "127.0.0.1",
                  "smtp_port",
                  String.valueOf(smtp.getSmtp().getPort()),
                  "poll_interval",
                  "300ms"));
      Process collector = start("pihealthd", conf);
      Process notifier = null;
      try {
        await().atMost(Duration.ofSeconds(60)).until(() -> Daemon.ready(port));
        notifier = start("boird", conf);
        await().atMost(Duration.ofSeconds(60)).until(() -> log("boird.log").contains("ready:"));

        assertThat(status("POST", "/api/v1/events", events("firing"))).isEqualTo(200);
        await().atMost(Duration.ofSeconds(20)).until(() -> smtp.getReceivedMessages().length >= 1);
        assertThat(Harness.subjects(smtp.getReceivedMessages()))
            .startsWith(
                "[botasky] CRITICAL FIRING pi3 mysql:3306 replication_lag -> ops@example.com");
        long id = alertId();

        // Escalation after the delay, then repeats while unacked.
        await()
            .atMost(Duration.ofSeconds(20))
            .until(
                () ->
                    count(
                            "[botasky] CRITICAL FIRING pi3 mysql:3306 replication_lag ->"
                                + " lead@example.com")
                        >= 2);

        // Ack through the API: repeats stop (one may have been in flight).
        assertThat(
                status(
                    "POST",
                    "/api/v1/alerts/" + id + "/ack",
                    "{\"by\":\"zq\",\"comment\":\"on it\"}"))
            .isEqualTo(200);
        long leads = count("-> lead@example.com");
        // Three repeat intervals pass with at most the one repeat that may have been in flight.
        await()
            .during(Duration.ofSeconds(6))
            .atMost(Duration.ofSeconds(9))
            .until(() -> count("-> lead@example.com") <= leads + 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> ledgerShowsNothingPending(id));

        // Recovery to those named in `resolved`.
        assertThat(status("POST", "/api/v1/events", events("resolved"))).isEqualTo(200);
        await()
            .atMost(Duration.ofSeconds(20))
            .until(
                () ->
                    count(
                            "[botasky] CRITICAL RESOLVED pi3 mysql:3306 replication_lag ->"
                                + " ops@example.com")
                        == 1);

        // A test mail through the API.
        HttpResponse<String> asked =
            send("POST", "/api/v1/test-mail", "{\"to\":\"admin@example.com\"}");
        assertThat(asked.statusCode()).isEqualTo(202);
        long mail = json.readTree(asked.body()).get("test_mail_id").asLong();
        await()
            .atMost(Duration.ofSeconds(20))
            .until(() -> count("[botasky] TEST mail from pi1 -> admin@example.com") == 1);
        // The collector follows the request to the ledger row boird wrote for it.
        await()
            .atMost(Duration.ofSeconds(10))
            .until(
                () ->
                    json.readTree(body("/api/v1/test-mail/" + mail))
                        .path("test_mail")
                        .path("status")
                        .asText()
                        .equals("sent"));
        JsonNode taken = json.readTree(body("/api/v1/test-mail/" + mail)).get("test_mail");
        assertThat(taken.get("to").asText()).isEqualTo("admin@example.com");
        long ledgerId = taken.get("notification_id").asLong();
        assertThat(body("/api/v1/notifications?id=" + ledgerId)).contains("\"sent\"");

        // The collector serves the ledger boird keeps.
        JsonNode ledger = json.readTree(body("/api/v1/notifications?alert=" + id + "&limit=100"));
        assertThat(ledger.toString())
            .contains("\"sent\"")
            .contains("ops@example.com")
            .contains("lead@example.com");

        notifier.destroy();
        assertThat(notifier.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(notifier.exitValue()).isZero();
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

  private boolean ledgerShowsNothingPending(long id) throws Exception {
    JsonNode n = json.readTree(body("/api/v1/notifications?alert=" + id + "&limit=100"));
    return !n.toString().contains("\"pending\"");
  }

  private long count(String suffix) throws Exception {
    return Harness.subjects(smtp.getReceivedMessages()).stream()
        .filter(s -> s.endsWith(suffix))
        .count();
  }

  private String events(String state) {
    return "{\"host\":\"pi3\",\"events\":[{\"event_id\":\""
        + UUID.randomUUID()
        + "\",\"resource\":\"mysql\",\"instance\":\"3306\","
        + "\"check\":\"replication_lag\",\"state\":\""
        + state
        + "\",\"severity\":\"critical\",\"value\":42,\"threshold\":30,"
        + "\"summary\":\"lag 42 s > 30 s\",\"details\":{},\"observed_at\":\""
        + Instant.now()
        + "\"}]}";
  }

  private long alertId() throws Exception {
    JsonNode alerts = json.readTree(body("/api/v1/alerts?host=pi3")).get("alerts");
    return alerts.get(0).get("id").asLong();
  }

  private Process start(String daemon, Path conf) throws Exception {
    return Daemons.start(daemon, conf, tmp.resolve(daemon + ".out"));
  }

  private String log(String name) throws Exception {
    Path p = tmp.resolve(name);
    return Files.exists(p) ? Files.readString(p, StandardCharsets.UTF_8) : "";
  }

  private int status(String method, String path, String body) throws Exception {
    return send(method, path, body).statusCode();
  }

  private HttpResponse<String> send(String method, String path, String body) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .header("Authorization", "Bearer " + token);
    b =
        body == null
            ? b.method(method, HttpRequest.BodyPublishers.noBody())
            : b.header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body));
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private String body(String path) throws Exception {
    HttpRequest r =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .header("Authorization", "Bearer " + token)
            .build();
    return http.send(r, HttpResponse.BodyHandlers.ofString()).body();
  }
}
