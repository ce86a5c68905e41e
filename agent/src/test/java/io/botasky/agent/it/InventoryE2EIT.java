package io.botasky.agent.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.botasky.agent.testkit.RealCollector;
import io.botasky.common.testkit.Daemon;
import io.botasky.common.testkit.TestDatabase;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The service inventory end to end (docs/api.md, "Service inventory"): three real {@code
 * bin/boagent}s with different hosts and groups against the real {@code bin/pihealthd}, on the
 * embedded database and on MariaDB. Every configured section is listed; a real {@code redis-server}
 * killed makes its service critical within one interval + 2 s and changes the tree's counts; a
 * stopped agent's services go stale after host_timeout; a section removed from an agent's config is
 * gone after the agent's restart, and its open alert resolved.
 */
class InventoryE2EIT {
  private static final Map<String, String> TOKENS =
      Map.of(
          "pi-a",
          "inv-token-a-0123456789",
          "pi-b",
          "inv-token-b-0123456789",
          "pi-c",
          "inv-token-c-0123456789");
  @TempDir Path tmp;
  private TestDatabase db;
  private RealCollector collector;
  private Process redis;

  @AfterEach
  void tearDown() throws Exception {
    if (collector != null) {
      collector.close();
    }
    if (redis != null) {
      redis.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    if (db != null) {
      db.close();
    }
  }

  enum Store {
    EMBEDDED,
    MARIADB
  }

  @ParameterizedTest
  @EnumSource(Store.class)
  void everySectionListedAndItsStateFollowsTheRealService(Store store) throws Exception {
    String[] dbConf = new String[0];
    if (store == Store.MARIADB) {
      db = TestDatabase.create(TestDatabase.Engine.MARIADB, tmp);
      dbConf =
          new String[] {
            "db_url = " + db.settings().url(),
            "db_user = " + db.settings().user(),
            "db_password = " + db.settings().password()
          };
    }
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
    collector = new RealCollector(tmp, TOKENS, dbConf);
    int port = collector.port();
    String redisSection =
        String.join(
            "\n",
            "[redis:" + redisPort + "]",
            "host = 127.0.0.1",
            "port = " + redisPort,
            "interval = 2s",
            "group = dev/cache",
            "action_restart = /bin/systemctl restart redis-server",
            "");
    String tcpSection =
        String.join(
            "\n", "[tcp:collector]", "host = 127.0.0.1", "port = " + port, "interval = 2s", "");
    collector.startAgent("pi-a", groupLine("dev"), redisSection, tcpSection);
    collector.startAgent(
        "pi-b",
        groupLine("prod/web"),
        tcpSection,
        String.join(
            "\n",
            "[http:health]",
            "url = http://127.0.0.1:" + port + "/healthz",
            "interval = 2s",
            "protected = true",
            ""));
    collector.startAgent("pi-c", tcpSection);

    // Every section of each agent, in its group, ok.
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(200))
        .untilAsserted(
            () ->
                assertThat(services())
                    .containsEntry("pi-a redis:" + redisPort, "dev/cache ok")
                    .containsEntry("pi-a tcp:collector", "dev ok")
                    .containsEntry("pi-b tcp:collector", "prod/web ok")
                    .containsEntry("pi-b http:health", "prod/web ok")
                    .containsEntry("pi-c tcp:collector", " ok")
                    .hasSize(5));
    JsonNode redisRow = one("pi-a", "redis", String.valueOf(redisPort));
    assertThat(redisRow.path("actions").toString()).isEqualTo("[\"restart\"]");
    assertThat(one("pi-b", "http", "health").path("protected").asBoolean()).isTrue();
    JsonNode tree = collector.getJson("/api/v1/tree");
    assertThat(tree.path("counts").path("ok").asInt()).isEqualTo(5);
    assertThat(node(tree, "dev", "cache").path("counts").path("ok").asInt()).isEqualTo(1);
    assertThat(node(tree, "dev").path("counts").path("ok").asInt()).isEqualTo(2);
    assertThat(node(tree, "ungrouped").path("counts").path("ok").asInt()).isEqualTo(1);

    // The real Redis killed: its service critical within one interval (2 s) + 2 s.
    redis.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    long killed = System.nanoTime();
    await()
        .atMost(Duration.ofSeconds(4))
        .pollInterval(Duration.ofMillis(100))
        .untilAsserted(
            () ->
                assertThat(services())
                    .containsEntry("pi-a redis:" + redisPort, "dev/cache critical"));
    long tookMs = (System.nanoTime() - killed) / 1_000_000;
    assertThat(tookMs).isLessThanOrEqualTo(4000);
    tree = collector.getJson("/api/v1/tree");
    assertThat(tree.path("counts").path("critical").asInt()).isEqualTo(1);
    assertThat(tree.path("counts").path("ok").asInt()).isEqualTo(4);
    assertThat(node(tree, "dev", "cache").path("counts").path("critical").asInt()).isEqualTo(1);
    assertThat(collector.getJson("/api/v1/services?state=critical").path("services").size())
        .isEqualTo(1);

    // pi-b stopped: its services stale once host_timeout (10 s) has passed, not before.
    collector.stopAgent("pi-b");
    assertThat(services()).containsEntry("pi-b http:health", "prod/web ok");
    await()
        .atMost(Duration.ofSeconds(25))
        .pollInterval(Duration.ofMillis(250))
        .untilAsserted(
            () ->
                assertThat(services())
                    .containsEntry("pi-b tcp:collector", "prod/web stale")
                    .containsEntry("pi-b http:health", "prod/web stale"));

    // The redis section removed from pi-a's config and the agent restarted: the service is gone,
    // and the redis alert it left firing is resolved.
    collector.stopAgent("pi-a");
    collector.startAgent("pi-a", groupLine("dev"), tcpSection);
    await()
        .atMost(Duration.ofSeconds(15))
        .pollInterval(Duration.ofMillis(200))
        .untilAsserted(
            () -> {
              assertThat(services()).doesNotContainKey("pi-a redis:" + redisPort);
              assertThat(collector.firing("redis")).isEmpty();
            });
    // The restarted agent's first round of tcp:collector reaches the collector with a heartbeat
    // (within one interval); until then the service shows its last check from before the restart,
    // stale on a busy machine (a CI run saw it).
    await()
        .atMost(Duration.ofSeconds(15))
        .pollInterval(Duration.ofMillis(200))
        .untilAsserted(() -> assertThat(services()).containsEntry("pi-a tcp:collector", "dev ok"));
  }

  private static String groupLine(String group) {
    // The [agent] section ends where the next section starts: the host's default group goes there.
    return "group = " + group + "\n";
  }

  /** {@code "host resource:instance" → "group state"} of every service. */
  private Map<String, String> services() throws Exception {
    Map<String, String> out = new TreeMap<>();
    for (JsonNode s : collector.getJson("/api/v1/services").path("services")) {
      String inst = s.path("instance").asText();
      out.put(
          s.path("host").asText()
              + " "
              + s.path("resource").asText()
              + (inst.isEmpty() ? "" : ":" + inst),
          s.path("group").asText() + " " + s.path("state").asText());
    }
    return out;
  }

  private JsonNode one(String host, String resource, String instance) throws Exception {
    List<JsonNode> found = new ArrayList<>();
    for (JsonNode s : collector.getJson("/api/v1/services?host=" + host).path("services")) {
      if (s.path("resource").asText().equals(resource)
          && s.path("instance").asText().equals(instance)) {
        found.add(s);
      }
    }
    assertThat(found).hasSize(1);
    return found.get(0);
  }

  private static JsonNode node(JsonNode tree, String... path) {
    JsonNode n = tree;
    for (String name : path) {
      JsonNode next = null;
      for (JsonNode c : n.path("children")) {
        if (c.path("name").asText().equals(name)) {
          next = c;
        }
      }
      assertThat(next).as("tree node %s", String.join("/", path)).isNotNull();
      n = next;
    }
    return n;
  }
}
