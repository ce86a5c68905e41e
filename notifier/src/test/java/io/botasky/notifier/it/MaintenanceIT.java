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
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Maintenance windows through the real daemons ({@code bin/pihealthd}, {@code bin/boird}) and
 * GreenMail (docs/notifier.md, "Maintenance windows"): windows covering now for db1 (a one-off
 * ending in seconds) and db2 (a recurring one, then deleted) → their alerts are stored and not
 * mailed while web1's is; db1 still firing at its window's end is mailed then, db2 once its window
 * is deleted; db3, resolved during the window, never. The file's window is listed by the API.
 */
class MaintenanceIT {
  @RegisterExtension
  static GreenMailExtension smtp = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

  /** Long enough for both daemons to see the alerts, short enough for a test. */
  static final Duration ONE_OFF = Duration.ofSeconds(25);

  @TempDir Path tmp;

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final ObjectMapper json = Json.mapper();
  private final String token = UUID.randomUUID().toString();
  private int port;

  @ParameterizedTest
  @EnumSource(TestDatabase.Engine.class)
  void heldDuringTheWindowMailedAtItsEnd(TestDatabase.Engine engine) throws Exception {
    try (TestDatabase db = TestDatabase.create(engine, tmp)) {
      port = Daemon.freePort();
      Files.writeString(
          tmp.resolve("escalation.conf"),
          """
          [contacts oncall]
          mail = ops@example.com
          [policy default]
          step1 = 0s mail oncall
          group_wait = 0s
          [maintenance backups]
          match = host=backup*, resource=mysql
          every = 1st 03:00-05:00
          timezone = Asia/Shanghai
          comment = monthly full dump
          """);
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

        // A recurring window covering now for db2, in UTC, and a one-off for db1 and db3.
        LocalTime t = LocalTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MINUTES);
        DateTimeFormatter hm = DateTimeFormatter.ofPattern("HH:mm");
        String every = "daily " + hm.format(t.minusMinutes(1)) + "-" + hm.format(t.plusHours(1));
        HttpResponse<String> rec =
            send(
                "POST",
                "/api/v1/maintenance",
                "{\"name\":\"db2-upgrade\",\"match\":\"host=db2\",\"every\":\""
                    + every
                    + "\",\"timezone\":\"UTC\",\"comment\":\"upgrade\"}");
        assertThat(rec.statusCode()).as(rec.body()).isEqualTo(201);
        long recurring = json.readTree(rec.body()).get("maintenance").get("id").asLong();
        Instant ends = Instant.now().plus(ONE_OFF);
        HttpResponse<String> one =
            send(
                "POST",
                "/api/v1/maintenance",
                "{\"name\":\"db-reboot\",\"match\":\"host=db1|db3\",\"ends_at\":\"" + ends + "\"}");
        assertThat(one.statusCode()).as(one.body()).isEqualTo(201);
        assertThat(json.readTree(one.body()).get("maintenance").get("active").asBoolean()).isTrue();

        for (String host : new String[] {"db1", "db2", "db3", "web1"}) {
          assertThat(send("POST", "/api/v1/events", events(host, "firing")).statusCode())
              .isEqualTo(200);
        }
        assertThat(send("POST", "/api/v1/events", events("db3", "resolved")).statusCode())
            .isEqualTo(200);
        await().atMost(Duration.ofSeconds(20)).until(() -> count("web1") == 1);
        // Stored: the API lists them.
        for (String host : new String[] {"db1", "db2", "db3"}) {
          assertThat(json.readTree(body("/api/v1/alerts?host=" + host)).get("alerts")).hasSize(1);
        }
        assertThat(Instant.now()).isBefore(ends);
        assertThat(count("db1") + count("db2") + count("db3")).isZero();

        // The API lists the file's window too, read-only, with its next occurrence.
        JsonNode listed = json.readTree(body("/api/v1/maintenance"));
        JsonNode file = null;
        for (JsonNode w : listed.get("maintenance")) {
          if (w.get("name").asText().equals("backups")) {
            file = w;
          }
        }
        assertThat(file).as(listed.toString()).isNotNull();
        assertThat(file.get("source").asText()).isEqualTo("file");
        assertThat(file.get("origin").asText()).endsWith("escalation.conf:6");
        assertThat(file.get("match").asText()).isEqualTo("host=backup*, resource=mysql");
        assertThat(file.get("timezone").asText()).isEqualTo("Asia/Shanghai");
        assertThat(file.get("id").isNull()).isTrue();
        assertThat(file.get("next").get("starts_at").asText()).endsWith("T19:00:00Z");

        // Deleting the recurring window: db2, still firing, is mailed within seconds.
        assertThat(send("DELETE", "/api/v1/maintenance/" + recurring, null).statusCode())
            .isEqualTo(200);
        await().atMost(Duration.ofSeconds(20)).until(() -> count("db2") == 1);

        // The one-off window ends: db1 is mailed then, not before; db3 (resolved) never.
        Instant before = ends.minusSeconds(1);
        if (Instant.now().isBefore(before)) {
          await()
              .atMost(ONE_OFF)
              .pollInterval(Duration.ofMillis(100))
              .until(() -> !Instant.now().isBefore(before));
          assertThat(count("db1")).isZero();
        }
        await()
            .atMost(ONE_OFF.plusSeconds(20))
            .pollInterval(Duration.ofMillis(200))
            .until(() -> count("db1") == 1 || Instant.now().isAfter(ends.plusSeconds(20)));
        assertThat(count("db1")).as(log("boird.log")).isEqualTo(1);
        await().during(Duration.ofSeconds(3)).until(() -> count("db3") == 0);
        assertThat(count("web1")).isEqualTo(1);
        assertThat(count("db2")).isEqualTo(1);

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

  private long count(String host) throws Exception {
    return Harness.subjects(smtp.getReceivedMessages()).stream()
        .filter(
            s ->
                s.equals(
                    "[botasky] CRITICAL FIRING "
                        + host
                        + " mysql:3306 process_down -> ops@example.com"))
        .count();
  }

  private String events(String host, String state) {
    return "{\"host\":\""
        + host
        + "\",\"events\":[{\"event_id\":\""
        + UUID.randomUUID()
        + "\",\"resource\":\"mysql\",\"instance\":\"3306\","
        + "\"check\":\"process_down\",\"state\":\""
        + state
        + "\",\"severity\":\"critical\",\"value\":0,\"threshold\":1,"
        + "\"summary\":\"mysqld not running\",\"details\":{},\"observed_at\":\""
        + Instant.now()
        + "\"}]}";
  }

  private String log(String name) throws Exception {
    Path p = tmp.resolve(name);
    return Files.exists(p) ? Files.readString(p, StandardCharsets.UTF_8) : "";
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
    return send("GET", path, null).body();
  }
}
