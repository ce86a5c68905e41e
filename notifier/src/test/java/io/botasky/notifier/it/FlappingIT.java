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
import io.botasky.notifier.BoirdCommand;
import io.botasky.notifier.testing.Daemons;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Flapping end to end (docs/notifier.md, "Flapping"): real {@code bin/pihealthd} and {@code
 * bin/boird}, events posted through the API, GreenMail as SMTP, and a flap window of seconds. A
 * check alternating six times within the window → one FLAPPING mail per recipient; more bounces
 * while flapping → no mail; stable for the window → one FIRING mail per recipient.
 */
class FlappingIT {
  @RegisterExtension
  static GreenMailExtension smtp = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

  private static final Duration WINDOW = Duration.ofSeconds(8);
  private static final String HEAD = "[botasky] CRITICAL %s pi3 mysql:3306 replication_lag -> %s";
  private static final List<String> RCPTS = List.of("ops@example.com", "dba@example.com");

  @TempDir Path tmp;

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final ObjectMapper json = Json.mapper();
  private final String token = UUID.randomUUID().toString();
  private int port;

  @ParameterizedTest
  @EnumSource(TestDatabase.Engine.class)
  void aFlappingCheckMailsOnceAndOnceMoreWhenStable(TestDatabase.Engine engine) throws Exception {
    try (TestDatabase db = TestDatabase.create(engine, tmp)) {
      port = Daemon.freePort();
      Files.writeString(
          tmp.resolve("escalation.conf"),
          """
          [contacts oncall]
          mail = ops@example.com, dba@example.com
          [policy flappy]
          match = check=replication_lag
          step1 = 0s mail oncall
          group_wait = 0s
          flap_changes = 6
          flap_window = 8s
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

        // Three bounces: six changes across three alerts, well within the window.
        for (int i = 0; i < 3; i++) {
          post("firing");
          post("resolved");
        }
        try {
          await()
              .atMost(Duration.ofSeconds(20))
              .until(() -> RCPTS.stream().allMatch(r -> count("FLAPPING", r) == 1));
        } catch (org.awaitility.core.ConditionTimeoutException e) {
          throw new AssertionError(
              "mails " + subjects() + "\nboird.log:\n" + log("boird.log") + log("boird.out"), e);
        }

        // Still bouncing: two more bounces, then it stays firing.
        post("firing");
        post("resolved");
        post("firing");
        post("resolved");
        post("firing");
        Instant lastChange = Instant.now();
        long id = newestAlert().get("id").asLong();
        assertThat(newestAlert().get("flapping").asBoolean()).isTrue();
        assertThat(newestAlert().get("state").asText()).isEqualTo("firing");

        // Nothing while it flaps: most of the window passes without a mail after FLAPPING.
        await()
            .during(WINDOW.minusSeconds(3))
            .atMost(WINDOW)
            .until(() -> RCPTS.stream().allMatch(r -> afterFlapping(r).isEmpty()));

        // Stable for the window: its current state once, to each recipient; then nothing more.
        List<String> once = List.of("FIRING");
        await()
            .atMost(Duration.ofSeconds(30))
            .until(() -> RCPTS.stream().allMatch(r -> afterFlapping(r).equals(once)));
        assertThat(Instant.now()).isAfterOrEqualTo(lastChange.plus(WINDOW).minusMillis(500));
        await()
            .during(Duration.ofSeconds(3))
            .atMost(Duration.ofSeconds(4))
            .until(() -> RCPTS.stream().allMatch(r -> afterFlapping(r).equals(once)));
        for (String r : RCPTS) {
          assertThat(count("FLAPPING", r)).isEqualTo(1);
          List<String> mine = subjects().stream().filter(x -> x.endsWith(" -> " + r)).toList();
          assertThat(mine.get(mine.size() - 1)).isEqualTo(HEAD.formatted("FIRING", r));
        }
        await()
            .atMost(Duration.ofSeconds(10))
            .until(() -> !newestAlert().get("flapping").asBoolean());

        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int rc =
            new BoirdCommand(
                    new PrintWriter(out), new PrintWriter(err), Clock.systemUTC(), "x", x -> {})
                .commandLine()
                .execute("-c", conf.toString(), "explain", String.valueOf(id));
        assertThat(rc).as(err.toString()).isZero();
        assertThat(out.toString())
            .contains("stable again: FIRING (step 1) planned at")
            .contains("flap decision now: NOT_FLAPPING");

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

  private long count(String word, String rcpt) {
    return countAfter(0, word, rcpt);
  }

  private static List<String> subjects() {
    try {
      return Harness.subjects(smtp.getReceivedMessages());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private long countAfter(int from, String word, String rcpt) {
    List<String> all = subjects();
    return all.subList(Math.min(from, all.size()), all.size()).stream()
        .filter(s -> s.equals(HEAD.formatted(word, rcpt)))
        .count();
  }

  /** The state words of the mails {@code rcpt} got after its FLAPPING mail, in order. */
  private List<String> afterFlapping(String rcpt) {
    List<String> mine =
        subjects().stream()
            .filter(s -> s.endsWith(" -> " + rcpt))
            .map(s -> s.split(" ")[2])
            .toList();
    int at = mine.indexOf("FLAPPING");
    if (at < 0) {
      throw new AssertionError("no FLAPPING mail to " + rcpt + " in " + subjects());
    }
    return mine.subList(at + 1, mine.size());
  }

  private void post(String state) throws Exception {
    String body =
        "{\"host\":\"pi3\",\"events\":[{\"event_id\":\""
            + UUID.randomUUID()
            + "\",\"resource\":\"mysql\",\"instance\":\"3306\","
            + "\"check\":\"replication_lag\",\"state\":\""
            + state
            + "\",\"severity\":\"critical\",\"value\":42,\"threshold\":30,"
            + "\"summary\":\"lag 42 s > 30 s\",\"details\":{},\"observed_at\":\""
            + Instant.now()
            + "\"}]}";
    HttpRequest r =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/events"))
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    assertThat(http.send(r, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
    // Distinct milliseconds for every change, as an agent's checks would be.
    Thread.sleep(150);
  }

  private JsonNode newestAlert() throws Exception {
    HttpRequest r =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/alerts?host=pi3"))
            .header("Authorization", "Bearer " + token)
            .build();
    return json.readTree(http.send(r, HttpResponse.BodyHandlers.ofString()).body())
        .get("alerts")
        .get(0);
  }

  private String log(String name) throws Exception {
    Path p = tmp.resolve(name);
    return Files.exists(p) ? Files.readString(p, StandardCharsets.UTF_8) : "";
  }
}
