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
import jakarta.mail.internet.MimeMessage;
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
 * Ack expiry through the real daemons (docs/notifier.md, "Ack expiry"): {@code bin/pihealthd} and
 * {@code bin/boird} on MariaDB (with Redis wake-up) and on H2, GreenMail as the SMTP server. Bad
 * {@code expires_in} values are refused with a 400 naming the field; {@code botasky ack ID --for
 * 3s} acks; three seconds later the collector's leader makes the alert firing again and boird mails
 * step 1 again (reason ACK_EXPIRED), while step 2's delay counts from the expiry.
 */
class AckExpiryIT {
  @RegisterExtension
  static GreenMailExtension smtp = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

  private static final String OPS =
      "[botasky] CRITICAL FIRING pi3 mysql:3306 replication_lag -> ops@example.com";
  private static final String LEADS =
      "[botasky] CRITICAL FIRING pi3 mysql:3306 replication_lag -> lead@example.com";

  @TempDir Path tmp;

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final ObjectMapper json = Json.mapper();
  private final String token = UUID.randomUUID().toString();
  private int port;

  @ParameterizedTest
  @EnumSource(TestDatabase.Engine.class)
  void aTimedAckRunsOutAndTheAlertEscalatesAgainFromStepOne(TestDatabase.Engine engine)
      throws Exception {
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
          step2 = 8s mail leads
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
      Process collector = Daemons.start("pihealthd", conf, tmp.resolve("pihealthd.out"));
      Process notifier = null;
      try {
        await().atMost(Duration.ofSeconds(60)).until(() -> Daemon.ready(port));
        notifier = Daemons.start("boird", conf, tmp.resolve("boird.out"));
        await().atMost(Duration.ofSeconds(60)).until(() -> log("boird.log").contains("ready:"));

        assertThat(send("POST", "/api/v1/events", events()).statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(20)).until(() -> count(OPS) == 1);
        long id = alert().get("id").asLong();

        // Bad expiries: 400 naming expires_in, and the alert is not acked.
        for (String bad : new String[] {"\"-4h\"", "\"400d\"", "\"tomorrow\"", "\"0s\"", "14400"}) {
          HttpResponse<String> r =
              send(
                  "POST",
                  "/api/v1/alerts/" + id + "/ack",
                  "{\"by\":\"zq\",\"expires_in\":" + bad + "}");
          assertThat(r.statusCode()).as(bad).isEqualTo(400);
          assertThat(json.readTree(r.body()).get("field").asText()).as(bad).isEqualTo("expires_in");
        }
        assertThat(alert().get("state").asText()).isEqualTo("firing");

        // botasky ack --for: acked until three seconds from now. The CLI prints the answer's expiry
        // (the alert may already have expired again by the time a slow machine reads it back).
        Instant acked = Instant.now();
        Daemon cli =
            Daemon.start(
                tmp.resolve("botasky.out"),
                "botasky",
                "-c",
                conf.toString(),
                "ack",
                String.valueOf(id),
                "--by",
                "zq",
                "--for",
                "3s");
        assertThat(cli.process().waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(cli.process().exitValue()).as(log("botasky.out")).isZero();
        java.util.regex.Matcher m =
            java.util.regex.Pattern.compile("alert " + id + " acked by zq until (\\S+)")
                .matcher(log("botasky.out"));
        assertThat(m.find()).as(log("botasky.out")).isTrue();
        Instant until = Instant.parse(m.group(1));
        assertThat(until).isBetween(acked.plusSeconds(2), acked.plusSeconds(30));

        // The ack runs out: firing again, and step 1 mails the on-call again.
        await()
            .atMost(Duration.ofSeconds(20))
            .until(
                () ->
                    alert().get("state").asText().equals("firing")
                        && log("pihealthd.log").contains("watch: ack expired"));
        assertThat(alert().get("acked_by").isNull()).isTrue();
        assertThat(alert().get("ack_expires_at").isNull()).isTrue();
        assertThat(log("pihealthd.log"))
            .contains("watch: ack expired, firing again: alerts [" + id);
        await().atMost(Duration.ofSeconds(20)).until(() -> count(OPS) == 2);
        // Step 2 waits 8 s from the expiry (not from first_seen, long past): its mail is dated
        // after it (Date has whole seconds).
        await().atMost(Duration.ofSeconds(40)).until(() -> count(LEADS) == 1);
        for (MimeMessage msg : smtp.getReceivedMessages()) {
          if (msg.getSubject().endsWith("-> lead@example.com")) {
            assertThat(msg.getSentDate().toInstant()).isAfterOrEqualTo(until.plusSeconds(7));
          }
        }
        assertThat(count(OPS)).as("step 1 once per sequence").isEqualTo(2);

        // A timed ack as the API and `botasky alerts` show it.
        HttpResponse<String> again =
            send("POST", "/api/v1/alerts/" + id + "/ack", "{\"by\":\"zq\",\"expires_in\":\"1h\"}");
        assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
        JsonNode a = alert();
        assertThat(a.get("state").asText()).isEqualTo("acked");
        assertThat(a.get("acked_by").asText()).isEqualTo("zq");
        String hour = a.get("ack_expires_at").asText();
        Daemon list =
            Daemon.start(tmp.resolve("alerts.out"), "botasky", "-c", conf.toString(), "alerts");
        assertThat(list.process().waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(log("alerts.out")).contains("ACKED BY").contains("zq until " + hour);

        // boird explain names the reason.
        Daemon explain =
            Daemon.start(
                tmp.resolve("explain.out"),
                "boird",
                "-c",
                conf.toString(),
                "explain",
                String.valueOf(id));
        assertThat(explain.process().waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(log("explain.out"))
            .contains("ack expired 1 time(s)")
            .contains("ACK_EXPIRED, at critical")
            .contains("decision now: STOPPED_ACKED");

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

  private long count(String subject) throws Exception {
    return Harness.subjects(smtp.getReceivedMessages()).stream()
        .filter(s -> s.equals(subject))
        .count();
  }

  private String events() {
    return "{\"host\":\"pi3\",\"events\":[{\"event_id\":\""
        + UUID.randomUUID()
        + "\",\"resource\":\"mysql\",\"instance\":\"3306\","
        + "\"check\":\"replication_lag\",\"state\":\"firing\",\"severity\":\"critical\","
        + "\"value\":42,\"threshold\":30,\"summary\":\"lag 42 s > 30 s\",\"details\":{},"
        + "\"observed_at\":\""
        + Instant.now()
        + "\"}]}";
  }

  private JsonNode alert() throws Exception {
    return json.readTree(body("/api/v1/alerts?host=pi3")).get("alerts").get(0);
  }

  private String log(String name) throws Exception {
    Path p = tmp.resolve(name);
    return Files.exists(p) ? Files.readString(p, StandardCharsets.UTF_8) : "";
  }

  private HttpResponse<String> send(String method, String path, String body) throws Exception {
    HttpRequest r =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", "application/json")
            .method(method, HttpRequest.BodyPublishers.ofString(body))
            .build();
    return http.send(r, HttpResponse.BodyHandlers.ofString());
  }

  private String body(String path) throws Exception {
    HttpRequest r =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .header("Authorization", "Bearer " + token)
            .build();
    return http.send(r, HttpResponse.BodyHandlers.ofString()).body();
  }
}
