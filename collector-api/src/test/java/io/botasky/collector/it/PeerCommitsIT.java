package io.botasky.collector.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.botasky.common.testkit.Daemon;
import io.botasky.common.testkit.TestDatabase;
import io.botasky.common.wire.Json;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Two real bin/pihealthd on one fresh MariaDB database (docs/collector.md, "Several collectors"):
 * what one commits reaches the other's live stream, service list and agent long polls — events
 * posted to A are {@code alert} events on B's stream within 3 s, a full inventory posted to A is in
 * B's /api/v1/services within 3 s, and an agent long-polling B receives an action requested on A
 * within 2 s; the checks of short-form heartbeats to A keep the service fresh on B. Once polling
 * only, once with Redis ringing the poll.
 */
class PeerCommitsIT {
  static final String ADMIN = "peers-admin-token-0123456789";
  static final String AGENT = "peers-agent-token-0123456789";
  static final String HOST = "pi-peer";
  static final String HASH = "0123456789abcdef";

  @TempDir Path tmp;
  final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  @ParameterizedTest(name = "redis {0}")
  @ValueSource(booleans = {false, true})
  void eachCollectorLearnsOfTheOthersCommits(boolean withRedis) throws Exception {
    Process redis = null;
    String redisUrl = "";
    if (withRedis) {
      int redisPort = Daemon.freePort();
      redis =
          new ProcessBuilder(
                  "redis-server",
                  "--port",
                  String.valueOf(redisPort),
                  "--bind",
                  "127.0.0.1",
                  "--save",
                  "",
                  "--appendonly",
                  "no")
              .redirectErrorStream(true)
              .redirectOutput(tmp.resolve("redis.out").toFile())
              .start();
      redisUrl = "redis://127.0.0.1:" + redisPort;
    }
    try (TestDatabase db = TestDatabase.create(TestDatabase.Engine.MARIADB, tmp)) {
      Path tokens = tmp.resolve("tokens");
      Files.writeString(tokens, HOST + " = " + AGENT + "\n");
      int portA = Daemon.freePort();
      int portB = Daemon.freePort();
      try (Daemon a =
          Daemon.start(
              tmp.resolve("a.out"),
              "pihealthd",
              "-c",
              conf(db, "a", portA, tokens, redisUrl).toString())) {
        await().atMost(Duration.ofSeconds(90)).until(() -> Daemon.ready(portA));
        try (Daemon b =
            Daemon.start(
                tmp.resolve("b.out"),
                "pihealthd",
                "-c",
                conf(db, "b", portB, tokens, redisUrl).toString())) {
          await().atMost(Duration.ofSeconds(90)).until(() -> Daemon.ready(portB));
          if (withRedis) {
            // B's poll is rung by the messages A publishes after its alert commits.
            await()
                .atMost(Duration.ofSeconds(10))
                .until(
                    () ->
                        Files.readString(tmp.resolve("b.log"))
                            .contains("listening on botasky:alerts for the other collectors"));
          }
          streamAlerts(portA, portB);
          inventory(portA, portB);
          actions(portA, portB);
          assertThat(a.alive()).isTrue();
          assertThat(b.alive()).isTrue();
        }
      }
    } finally {
      if (redis != null) {
        redis.destroy();
        redis.waitFor(10, TimeUnit.SECONDS);
      }
    }
  }

  /** (1) Events posted to A appear as {@code alert} events on B's stream within 3 s. */
  private void streamAlerts(int portA, int portB) throws Exception {
    List<String> events = new CopyOnWriteArrayList<>();
    InputStream body =
        http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + portB + "/api/v1/stream"))
                    .header("Authorization", "Bearer " + ADMIN)
                    .build(),
                HttpResponse.BodyHandlers.ofInputStream())
            .body();
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
                String event = null;
                for (String line; (line = r.readLine()) != null; ) {
                  if (line.startsWith("event:")) {
                    event = line.substring(6).trim();
                  } else if (line.startsWith("data:") && event != null) {
                    events.add(event + " " + line.substring(5).trim());
                  }
                }
              } catch (Exception e) {
                // The stream closes with the test.
              }
            },
            "sse-reader");
    reader.setDaemon(true);
    reader.start();
    try {
      await()
          .atMost(Duration.ofSeconds(5))
          .until(() -> events.stream().anyMatch(e -> e.startsWith("hello")));
      // A first event warms both JVMs (a cold path on a busy 2-core machine takes seconds); the
      // second is timed from A's answer, i.e. from its commit.
      String warm = "warm-" + UUID.randomUUID();
      assertThat(post(portA, "/api/v1/events", event(warm), ADMIN)).isEqualTo(200);
      await().atMost(Duration.ofSeconds(10)).until(() -> sawAlert(events, warm));
      String instance = "peer-" + UUID.randomUUID();
      assertThat(post(portA, "/api/v1/events", event(instance), ADMIN)).isEqualTo(200);
      long committed = System.nanoTime();
      await()
          .atMost(Duration.ofSeconds(3))
          .pollInterval(Duration.ofMillis(50))
          .until(() -> sawAlert(events, instance));
      long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - committed);
      assertThat(ms).as("alert on B's stream after %d ms", ms).isLessThanOrEqualTo(3000);
      // The heartbeat of the host that reports to A reaches B's stream too.
      assertThat(
              post(
                  portA,
                  "/api/v1/heartbeat",
                  Map.of("host", HOST, "agent_version", "test", "sysinfo", Map.of()),
                  ADMIN))
          .isEqualTo(200);
      await()
          .atMost(Duration.ofSeconds(3))
          .until(
              () -> events.stream().anyMatch(e -> e.startsWith("heartbeat ") && e.contains(HOST)));
    } finally {
      body.close();
    }
  }

  /**
   * (2) A heartbeat with a full inventory posted to A makes B's /api/v1/services list it in 3 s.
   */
  private void inventory(int portA, int portB) throws Exception {
    assertThat(post(portA, "/api/v1/heartbeat", heartbeat(), ADMIN)).isEqualTo(200);
    await()
        .atMost(Duration.ofSeconds(3))
        .pollInterval(Duration.ofMillis(100))
        .untilAsserted(
            () ->
                assertThat(get(portB, "/api/v1/services?host=" + HOST))
                    .contains("\"redis\"")
                    .contains("\"6379\""));
    // Short forms to A, one a second, with the latest check: B follows the checks, so the service
    // (interval 1 s) does not go stale there after three intervals.
    for (int i = 0; i < 6; i++) {
      Thread.sleep(1000);
      assertThat(
              post(
                  portA,
                  "/api/v1/heartbeat",
                  Map.of(
                      "host",
                      HOST,
                      "agent_version",
                      "test",
                      "sysinfo",
                      Map.of(),
                      "services_hash",
                      HASH,
                      "base_hash",
                      HASH,
                      "checks",
                      List.of(System.currentTimeMillis()),
                      "changed",
                      List.of()),
                  ADMIN))
          .isEqualTo(200);
    }
    await()
        .atMost(Duration.ofSeconds(3))
        .untilAsserted(
            () -> {
              assertThat(redisState(portA)).as("on A").isEqualTo("ok");
              assertThat(redisState(portB)).as("on B").isEqualTo("ok");
            });
  }

  private String redisState(int port) throws Exception {
    JsonNode services =
        Json.mapper().readTree(get(port, "/api/v1/services?host=" + HOST)).get("services");
    assertThat(services).hasSize(1);
    return services.get(0).get("state").asText();
  }

  /** (3) An agent long-polling B receives an action requested on A within 2 s. */
  private void actions(int portA, int portB) throws Exception {
    CompletableFuture<HttpResponse<String>> poll =
        http.sendAsync(
            HttpRequest.newBuilder(
                    URI.create(
                        "http://127.0.0.1:"
                            + portB
                            + "/api/v1/agent/actions?host="
                            + HOST
                            + "&wait=25"))
                .header("Authorization", "Bearer " + AGENT)
                .timeout(Duration.ofSeconds(40))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    // The poll waits on B before the request is made on A.
    Thread.sleep(500);
    assertThat(poll).isNotDone();
    long requested = System.nanoTime();
    assertThat(
            post(
                portA,
                "/api/v1/actions",
                Map.of(
                    "host",
                    HOST,
                    "resource",
                    "redis",
                    "instance",
                    "6379",
                    "action",
                    "restart",
                    "by",
                    "peers-it"),
                ADMIN))
        .isEqualTo(202);
    HttpResponse<String> r = poll.get(10, TimeUnit.SECONDS);
    long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - requested);
    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode actions = Json.mapper().readTree(r.body()).get("actions");
    assertThat(actions).hasSize(1);
    assertThat(actions.get(0).get("action").asText()).isEqualTo("restart");
    assertThat(ms).as("action reached the poll on B after %d ms", ms).isLessThanOrEqualTo(2000);
  }

  private static boolean sawAlert(List<String> events, String instance) {
    return events.stream().anyMatch(e -> e.startsWith("alert ") && e.contains(instance));
  }

  private static Map<String, Object> event(String instance) {
    return Map.of(
        "host",
        HOST,
        "events",
        List.of(
            Map.of(
                "event_id",
                UUID.randomUUID().toString(),
                "resource",
                "system",
                "instance",
                instance,
                "check",
                "disk_usage",
                "state",
                "firing",
                "severity",
                "warning",
                "summary",
                "disk almost full")));
  }

  private static Map<String, Object> heartbeat() {
    return Map.of(
        "host",
        HOST,
        "agent_version",
        "test",
        "sysinfo",
        Map.of(),
        "services_hash",
        HASH,
        "services",
        List.of(
            Map.of(
                "resource",
                "redis",
                "instance",
                "6379",
                "group",
                "dev/cache",
                "state",
                "ok",
                "summary",
                "",
                "last_check",
                System.currentTimeMillis(),
                "interval",
                1,
                "actions",
                List.of("restart"),
                "protected",
                false)));
  }

  private Path conf(TestDatabase db, String name, int port, Path tokens, String redisUrl)
      throws Exception {
    Path conf = tmp.resolve(name + ".conf");
    Files.writeString(
        conf,
        String.join(
            "\n",
            "master = " + name,
            "client_port = " + port,
            "bind = 127.0.0.1",
            "db_url = " + db.settings().url(),
            "db_user = " + db.settings().user(),
            "db_password = " + db.settings().password(),
            "admin_token = " + ADMIN,
            "agent_tokens = " + tokens,
            "PIHealthLog = " + tmp.resolve(name + ".log"),
            "data_dir = " + tmp.resolve(name + "-data"),
            redisUrl.isEmpty() ? "" : "redis_url = " + redisUrl,
            ""));
    return conf;
  }

  private int post(int port, String path, Object body, String token) throws Exception {
    return http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + token)
                .timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofByteArray(Json.mapper().writeValueAsBytes(body)))
                .build(),
            HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }

  private String get(int port, String path) throws Exception {
    return http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + ADMIN)
                .timeout(Duration.ofSeconds(10))
                .build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }
}
