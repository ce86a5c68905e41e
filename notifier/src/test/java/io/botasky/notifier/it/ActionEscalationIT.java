package io.botasky.notifier.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.botasky.common.testkit.Daemon;
import io.botasky.common.testkit.TestDatabase;
import io.botasky.common.wire.Json;
import io.botasky.notifier.testing.Daemons;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code action} step end to end, nothing posted by the test (docs/notifier.md, "Action steps";
 * docs/operations.md, "Controlled actions"): the real {@code bin/pihealthd}, {@code bin/boird} and
 * {@code bin/boagent}; a {@code [process:fixture]} service matching a long-running {@code sleep}
 * that the test starts, whose {@code action_restart} starts it again. The process killed, the
 * agent's {@code process_down} fires, boird's policy ({@code step1 = 0s action restart}) requests
 * the restart, the agent runs it, the process is back and the alert resolves: exactly one action,
 * by boird, succeeded, the ledger's action row agreeing, and none after the alert resolved.
 */
class ActionEscalationIT {
  @TempDir Path tmp;

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final ObjectMapper json = Json.mapper();
  private final String admin = UUID.randomUUID().toString();
  private static final String AGENT = "agent-token-pi3-escalation-0123";
  private final List<Process> daemons = new ArrayList<>();

  /** The fixture's command line, unique to this run: {@code sleep 86400.<random>}. */
  private final String seconds = "86400." + ThreadLocalRandom.current().nextInt(100_000, 999_999);

  private int port;

  @AfterEach
  void tearDown() throws Exception {
    for (int i = daemons.size() - 1; i >= 0; i--) {
      Process p = daemons.get(i);
      p.destroy();
      if (!p.waitFor(15, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
    }
    for (long pid : fixtures()) {
      ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
    }
  }

  @Test
  void aDownProcessIsRestartedByItsPolicyOnceAndItsAlertResolves() throws Exception {
    try (TestDatabase db = TestDatabase.create(TestDatabase.Engine.H2, tmp)) {
      port = Daemon.freePort();
      Files.writeString(
          tmp.resolve("escalation.conf"),
          """
          [policy fixture]
          match = resource=process
          step1 = 0s action restart
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
                  admin,
                  "agent_tokens",
                  tmp.resolve("agent_tokens").toString(),
                  "poll_interval",
                  "300ms"));
      daemons.add(Daemons.start("pihealthd", conf, tmp.resolve("pihealthd.out")));
      await().atMost(Duration.ofSeconds(90)).until(() -> Daemon.ready(port));

      // The fixture's own start: in a session of its own (setsid -f), as a daemon detaches, so
      // that the end of the action's process group does not take it along; the test starts it the
      // same way.
      Path start = tmp.resolve("start-fixture.sh");
      Files.writeString(
          start, "#!/bin/sh\nexec setsid -f sleep " + seconds + " </dev/null >/dev/null 2>&1\n");
      Files.setPosixFilePermissions(start, PosixFilePermissions.fromString("rwxr-xr-x"));
      assertThat(new ProcessBuilder(start.toString()).inheritIO().start().waitFor()).isZero();
      await().atMost(Duration.ofSeconds(5)).until(() -> fixtures().size() == 1);

      Path ini =
          Files.writeString(
              tmp.resolve("pi3.ini"),
              String.join(
                  "\n",
                  "[agent]",
                  "host = pi3",
                  "master = 127.0.0.1",
                  "port = " + port,
                  "token = " + AGENT,
                  "data_dir = " + tmp.resolve("spool"),
                  "backup_dir = " + tmp.resolve("backup"),
                  "heartbeat = 1s",
                  "log = " + tmp.resolve("agent.log"),
                  "",
                  "[process:fixture]",
                  "match = ^sleep " + seconds.replace(".", "\\.") + "$",
                  "interval = 1s",
                  "action_restart = " + start,
                  "action_timeout = 10s",
                  ""));
      daemons.add(
          Daemon.start(tmp.resolve("agent.out"), "boagent", "-f", ini.toString()).process());
      daemons.add(Daemons.start("boird", conf, tmp.resolve("boird.out")));
      await().atMost(Duration.ofSeconds(60)).until(() -> log("boird.log").contains("ready:"));
      await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(200))
          .untilAsserted(
              () -> {
                // bin/boagent needs the agent module packaged, which comes before this one in the
                // reactor; what it printed says so when it is not.
                assertThat(tmp.resolve("agent.out")).content().doesNotContain("not built yet");
                JsonNode s = service();
                assertThat(s.path("state").asText()).as(s.toString()).isEqualTo("ok");
                assertThat(s.path("actions").toString()).isEqualTo("[\"restart\"]");
              });

      // The process dies.
      List<Long> before = fixtures();
      for (long pid : before) {
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
      }
      long alert = awaitAlert();

      // boird asks, the agent runs action_restart, the process is back, the alert resolves.
      await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(200))
          .untilAsserted(
              () -> assertThat(alertState(alert)).as("alert %d", alert).isEqualTo("resolved"));
      List<Long> after = fixtures();
      assertThat(after).hasSize(1).doesNotContainAnyElementsOf(before);

      List<JsonNode> actions = actions();
      assertThat(actions).as(actions.toString()).hasSize(1);
      JsonNode a = actions.get(0);
      assertThat(a.path("resource").asText()).isEqualTo("process");
      assertThat(a.path("instance").asText()).isEqualTo("fixture");
      assertThat(a.path("action").asText()).isEqualTo("restart");
      assertThat(a.path("by").asText()).isEqualTo("boird");
      assertThat(a.path("comment").asText()).isEqualTo("alert " + alert + " step 1");
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () -> assertThat(actions().get(0).path("state").asText()).isEqualTo("succeeded"));
      assertThat(actionRows(alert))
          .singleElement()
          .satisfies(
              r -> {
                assertThat(r.path("target").asText()).isEqualTo("restart");
                assertThat(r.path("status").asText()).isEqualTo("sent");
              });

      // Resolved: no further action, whatever boird's later passes and the agent's rounds do.
      await()
          .during(Duration.ofSeconds(5))
          .atMost(Duration.ofSeconds(8))
          .until(() -> actions().size() == 1 && actionRows(alert).size() == 1);
      assertThat(log("boird.log")).contains("action: id=" + a.path("id").asLong() + " host=pi3");
      assertThat(log("agent.log")).contains("action: id=" + a.path("id").asLong());
    }
  }

  /** The processes of this run's fixture, by their command line {@code sleep SECONDS}. */
  private List<Long> fixtures() throws IOException {
    List<Long> out = new ArrayList<>();
    byte[] want = ("sleep\0" + seconds + "\0").getBytes(StandardCharsets.UTF_8);
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
      for (Path p : ds) {
        byte[] cmd;
        try {
          cmd = Files.readAllBytes(p.resolve("cmdline"));
        } catch (IOException e) {
          continue; // gone meanwhile
        }
        if (java.util.Arrays.equals(cmd, want)) {
          out.add(Long.parseLong(p.getFileName().toString()));
        }
      }
    }
    return out;
  }

  private JsonNode service() throws Exception {
    for (JsonNode s : json.readTree(get("/api/v1/services?host=pi3")).path("services")) {
      if (s.path("resource").asText().equals("process")) {
        return s;
      }
    }
    throw new AssertionError("no process:fixture in the inventory yet");
  }

  /** Waits for the one process_down alert of the fixture to fire; its id. */
  private long awaitAlert() {
    long[] id = new long[1];
    await()
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(100))
        .untilAsserted(
            () -> {
              List<JsonNode> found = new ArrayList<>();
              for (JsonNode a : json.readTree(get("/api/v1/alerts?host=pi3")).path("alerts")) {
                if (a.path("check").asText().equals("process_down")) {
                  found.add(a);
                }
              }
              assertThat(found).hasSize(1);
              id[0] = found.get(0).path("id").asLong();
            });
    return id[0];
  }

  private String alertState(long id) throws Exception {
    for (JsonNode a : json.readTree(get("/api/v1/alerts?host=pi3")).path("alerts")) {
      if (a.path("id").asLong() == id) {
        return a.path("state").asText();
      }
    }
    return "";
  }

  private List<JsonNode> actions() throws Exception {
    List<JsonNode> out = new ArrayList<>();
    json.readTree(get("/api/v1/actions?host=pi3&limit=100")).path("actions").forEach(out::add);
    return out;
  }

  /** The alert's ledger rows of the action channel. */
  private List<JsonNode> actionRows(long alert) throws Exception {
    List<JsonNode> out = new ArrayList<>();
    for (JsonNode r :
        json.readTree(get("/api/v1/notifications?alert=" + alert + "&limit=100"))
            .path("notifications")) {
      if (r.path("channel").asText().equals("action")) {
        out.add(r);
      }
    }
    return out;
  }

  private String log(String name) throws Exception {
    Path p = tmp.resolve(name);
    return Files.exists(p) ? Files.readString(p, StandardCharsets.UTF_8) : "";
  }

  private String get(String path) throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + admin)
                .timeout(Duration.ofSeconds(10))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
    return r.body();
  }
}
