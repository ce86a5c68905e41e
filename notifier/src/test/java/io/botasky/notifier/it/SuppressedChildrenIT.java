package io.botasky.notifier.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.botasky.common.testkit.Daemon;
import io.botasky.common.testkit.TestDatabase;
import io.botasky.common.wire.Json;
import io.botasky.notifier.BoirdCommand;
import io.botasky.notifier.testing.Daemons;
import jakarta.mail.internet.MimeMessage;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Dependencies end to end (docs/notifier.md, "Dependencies") through the real {@code bin/pihealthd}
 * and {@code bin/boird}, events posted through the API, GreenMail as SMTP: a host's host_down holds
 * its five other alerts back and its one mail lists them; they are mailed when host_down resolves
 * while they still fire. A MySQL primary's process_down holds back master_down of two replicas
 * under a {@code [dependency]} rule: one mail. {@code boird explain} says why.
 */
class SuppressedChildrenIT {
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
  void aParentsOneMailListsTheChildrenItHoldsBack(TestDatabase.Engine engine) throws Exception {
    try (TestDatabase db = TestDatabase.create(engine, tmp)) {
      port = Daemon.freePort();
      // step1 after 2 s: the parent's mail lists what it holds back when it is sent, so children
      // stored with it are in it even on a slow machine.
      Files.writeString(
          tmp.resolve("escalation.conf"),
          """
          [contacts oncall]
          mail = ops@example.com
          [policy default]
          step1 = 2s mail oncall
          group_wait = 0s
          [dependency mysql_failover]
          parent = resource=mysql check=process_down
          children = resource=mysql check=master_down|replication_io_stopped
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
                  "300ms",
                  // The hosts here never send heartbeats: the collector must not raise its own
                  // host_down for them during the test.
                  "host_timeout",
                  "1h"));
      Process collector = Daemons.start("pihealthd", conf, tmp.resolve("pihealthd.out"));
      Process notifier = null;
      try {
        await().atMost(Duration.ofSeconds(60)).until(() -> Daemon.ready(port));
        notifier = Daemons.start("boird", conf, tmp.resolve("boird.out"));
        await().atMost(Duration.ofSeconds(60)).until(() -> log().contains("ready:"));

        // host_down as the collector raises it (resource host, instance = the host), with five
        // other alerts of that host.
        List<String> events = new ArrayList<>();
        events.add(event("host", "pi3", "host_down", "firing", "no heartbeat"));
        for (int i = 0; i < 5; i++) {
          events.add(event("process", "p" + i, "process_down", "firing", "p" + i + " gone"));
        }
        assertThat(post("pi3", String.join(",", events))).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).until(() -> mails().size() >= 1);
        // Longer than the children's own step delay: nothing else goes out.
        await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(6)).until(() -> true);
        assertThat(subjects()).containsExactly("[botasky] CRITICAL FIRING pi3 host:pi3 host_down");
        String body = mails().get(0);
        assertThat(body).contains("held back while this fires (5 alert(s)");
        for (int i = 0; i < 5; i++) {
          assertThat(body).contains("pi3 process:p" + i + " process_down: p" + i + " gone");
        }
        long down = alertId("pi3", "host_down");
        long child = alertId("pi3", "process_down");
        assertThat(explain(conf, child))
            .contains("held back by parent alert " + down + " (pi3 host:pi3 host_down)")
            .contains("under the built-in host_down rule since ")
            .contains("decision now: SUPPRESSED_BY_PARENT");
        assertThat(log())
            .contains(
                "decide: alert "
                    + child
                    + " SUPPRESSED_BY_PARENT: held back by parent alert "
                    + down
                    + " (pi3 host:pi3 host_down) under the built-in host_down rule");

        // The host is back, its processes still down: they are mailed now, from their steps.
        assertThat(post("pi3", event("host", "pi3", "host_down", "resolved", "heartbeat")))
            .isEqualTo(200);
        await()
            .atMost(Duration.ofSeconds(30))
            .until(
                () ->
                    subjects().stream().filter(s -> s.contains("process_down")).count() >= 1
                        && String.join("\n", mails()).split("process_down").length - 1 >= 10);
        String after = String.join("\n", mails().subList(1, mails().size()));
        for (int i = 0; i < 5; i++) {
          assertThat(after).contains("pi3 process:p" + i + " process_down");
        }
        assertThat(explain(conf, child))
            .contains("was held back by parent alert " + down + " under the built-in host_down")
            .contains("step 1 (2s mail oncall): fired at ");

        // A MySQL primary's process_down, master_down on two replicas: one mail, the primary's.
        int before = smtp.getReceivedMessages().length;
        assertThat(post("db1", event("mysql", "3306", "process_down", "firing", "mysqld gone")))
            .isEqualTo(200);
        assertThat(post("db2", event("mysql", "3306", "master_down", "firing", "db1 unreachable")))
            .isEqualTo(200);
        assertThat(post("db3", event("mysql", "3306", "master_down", "firing", "db1 unreachable")))
            .isEqualTo(200);
        await()
            .atMost(Duration.ofSeconds(30))
            .until(() -> smtp.getReceivedMessages().length > before);
        await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(6)).until(() -> true);
        List<String> fresh = subjects().subList(before, subjects().size());
        assertThat(fresh).containsExactly("[botasky] CRITICAL FIRING db1 mysql:3306 process_down");
        String primary = mails().get(before);
        assertThat(primary)
            .contains("held back while this fires (2 alert(s)")
            .contains("db2 mysql:3306 master_down: db1 unreachable")
            .contains("db3 mysql:3306 master_down: db1 unreachable");
        assertThat(explain(conf, alertId("db2", "master_down")))
            .contains("under [dependency mysql_failover]")
            .contains("decision now: SUPPRESSED_BY_PARENT");

        // Acked, the primary still holds them back: the problem is known, not gone.
        long p = alertId("db1", "process_down");
        assertThat(send("/api/v1/alerts/" + p + "/ack", "{\"by\":\"zq\",\"comment\":\"on it\"}"))
            .isEqualTo(200);
        await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(6)).until(() -> true);
        assertThat(smtp.getReceivedMessages()).hasSize(before + 1);

        notifier.destroy();
        assertThat(notifier.waitFor(10, TimeUnit.SECONDS)).isTrue();
      } catch (AssertionError | RuntimeException e) {
        System.out.println(log());
        throw e;
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

  private String explain(Path conf, long id) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int rc =
        new BoirdCommand(
                new PrintWriter(out), new PrintWriter(err), Clock.systemUTC(), "x", x -> {})
            .commandLine()
            .execute("-c", conf.toString(), "explain", String.valueOf(id));
    assertThat(rc).as(err.toString()).isZero();
    return out.toString();
  }

  private List<String> subjects() throws Exception {
    List<String> out = new ArrayList<>();
    for (MimeMessage m : smtp.getReceivedMessages()) {
      out.add(m.getSubject());
    }
    return out;
  }

  private List<String> mails() {
    List<String> out = new ArrayList<>();
    for (MimeMessage m : smtp.getReceivedMessages()) {
      out.add(GreenMailUtil.getBody(m));
    }
    return out;
  }

  private String event(String resource, String instance, String check, String state, String sum) {
    return "{\"event_id\":\""
        + UUID.randomUUID()
        + "\",\"resource\":\""
        + resource
        + "\",\"instance\":\""
        + instance
        + "\",\"check\":\""
        + check
        + "\",\"state\":\""
        + state
        + "\",\"severity\":\"critical\",\"summary\":\""
        + sum
        + "\",\"details\":{},\"observed_at\":\""
        + Instant.now()
        + "\"}";
  }

  private int post(String host, String events) throws Exception {
    return send("/api/v1/events", "{\"host\":\"" + host + "\",\"events\":[" + events + "]}");
  }

  private int send(String path, String body) throws Exception {
    HttpRequest r =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    return http.send(r, HttpResponse.BodyHandlers.ofString()).statusCode();
  }

  private long alertId(String host, String check) throws Exception {
    HttpRequest r =
        HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/api/v1/alerts?host=" + host))
            .header("Authorization", "Bearer " + token)
            .build();
    JsonNode alerts =
        json.readTree(http.send(r, HttpResponse.BodyHandlers.ofString()).body()).get("alerts");
    long best = Long.MAX_VALUE;
    for (JsonNode a : alerts) {
      if (a.get("check").asText().equals(check)) {
        best = Math.min(best, a.get("id").asLong());
      }
    }
    return best;
  }

  private String log() throws Exception {
    Path p = tmp.resolve("boird.log");
    return Files.exists(p) ? Files.readString(p, StandardCharsets.UTF_8) : "";
  }
}
