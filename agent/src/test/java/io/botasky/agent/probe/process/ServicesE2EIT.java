package io.botasky.agent.probe.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.botasky.agent.testkit.RealCollector;
import io.botasky.common.testkit.ServiceScript;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * MySQL and Redis faults through the whole path: the real {@code bin/boagent} probing the MariaDB
 * and Redis pairs of {@code scripts/services/} every second, the real {@code bin/pihealthd}
 * receiving its events. Each alert must be firing at the collector within one probe interval plus 2
 * s of the fault (plus one more second for the checks the agent debounces over two rounds), and
 * resolved after the repair.
 */
class ServicesE2EIT {
  private static final ServiceScript DB = new ServiceScript("mariadb-repl");
  private static final ServiceScript REDIS = new ServiceScript("redis-repl");
  private static final Duration INTERVAL = Duration.ofSeconds(1);
  private static final Duration WITHIN = INTERVAL.plusSeconds(2);
  private static final Duration DEBOUNCED = WITHIN.plus(INTERVAL);
  private static final Duration REPAIR = Duration.ofSeconds(30);

  @TempDir static Path tmp;
  private static RealCollector collector;
  private static AutoCloseable dbLease;
  private static AutoCloseable redisLease;

  @BeforeAll
  static void start() throws Exception {
    dbLease = DB.exclusive();
    redisLease = REDIS.exclusive();
    DB.start();
    REDIS.start();
    collector = new RealCollector(tmp, Map.of("svc", "token-svc-0123456789abcdef"));
    collector.startAgent(
        "svc",
        "[mysql:13306]",
        "port = 13306",
        "user = monitor",
        "password = monitorpw",
        "interval = 1s",
        "[mysql:13307]",
        "port = 13307",
        "user = monitor",
        "password = monitorpw",
        "lag_warning = 2s",
        "lag_critical = 30s",
        "interval = 1s",
        "[redis:16379]",
        "port = 16379",
        "expect_replicas = 1",
        "timeout = 500ms",
        "interval = 1s",
        "[redis:16380]",
        "port = 16380",
        "timeout = 500ms",
        "interval = 1s");
  }

  @AfterAll
  static void stop() throws Exception {
    if (collector != null) {
      collector.close();
    }
    redisLease.close();
    dbLease.close();
  }

  @AfterEach
  void repair() {
    DB.start();
    REDIS.start();
    await()
        .atMost(REPAIR)
        .untilAsserted(
            () -> {
              assertThat(firing("mysql", null)).as("mysql alerts after repair").isEmpty();
              assertThat(firing("redis", null)).as("redis alerts after repair").isEmpty();
            });
  }

  private static List<String> firing(String resource, String check) throws Exception {
    return collector.alerts(resource, check, "firing").stream()
        .map(a -> a.path("instance").asText() + "/" + a.path("check").asText())
        .toList();
  }

  private static void resolved(String resource, String check, String instance) {
    await()
        .atMost(REPAIR)
        .untilAsserted(
            () ->
                assertThat(collector.alerts(resource, check, "resolved"))
                    .extracting(a -> a.path("instance").asText())
                    .contains(instance));
  }

  @Test
  void sqlThreadStoppedArrivesAndResolves() {
    DB.run("sql", "replica", "STOP REPLICA SQL_THREAD");
    await()
        .atMost(WITHIN)
        .pollInterval(Duration.ofMillis(100))
        .untilAsserted(
            () ->
                assertThat(firing("mysql", "replication_sql_stopped"))
                    .containsExactly("13307/replication_sql_stopped"));
    DB.start();
    resolved("mysql", "replication_sql_stopped", "13307");
  }

  @Test
  void killedPrimaryArrivesAsMasterDownAndProcessDown() {
    DB.signal("primary", "KILL");
    await()
        .atMost(WITHIN)
        .pollInterval(Duration.ofMillis(100))
        .untilAsserted(
            () -> {
              assertThat(firing("mysql", "master_down")).containsExactly("13307/master_down");
              assertThat(firing("mysql", "process_down")).containsExactly("13306/process_down");
            });
    DB.start();
    resolved("mysql", "master_down", "13307");
  }

  @Test
  void killedRedisReplicaArrivesAsReplicaMissing() {
    REDIS.signal("replica", "KILL");
    await()
        .atMost(DEBOUNCED)
        .pollInterval(Duration.ofMillis(100))
        .untilAsserted(
            () -> {
              assertThat(firing("redis", "process_down")).containsExactly("16380/process_down");
              assertThat(firing("redis", "replica_missing"))
                  .containsExactly("16379/replica_missing");
            });
    REDIS.start();
    resolved("redis", "replica_missing", "16379");
  }

  @Test
  void killedRedisMasterArrivesAsProcessDownAndMasterLinkDown() {
    REDIS.signal("master", "KILL");
    await()
        .atMost(WITHIN)
        .pollInterval(Duration.ofMillis(100))
        .untilAsserted(
            () -> {
              assertThat(firing("redis", "process_down")).contains("16379/process_down");
              assertThat(firing("redis", "master_link_down"))
                  .containsExactly("16380/master_link_down");
            });
    REDIS.start();
    resolved("redis", "master_link_down", "16380");
  }

  @Test
  void frozenRedisMasterArrivesAsUnreachable() {
    REDIS.signal("master", "STOP");
    try {
      await()
          .atMost(WITHIN.plusMillis(500))
          .pollInterval(Duration.ofMillis(100))
          .untilAsserted(
              () -> {
                List<JsonNode> a = collector.alerts("redis", "unreachable", "firing");
                assertThat(a).extracting(x -> x.path("instance").asText()).containsExactly("16379");
                assertThat(a.get(0).path("summary").asText()).containsIgnoringCase("timed out");
              });
    } finally {
      REDIS.signal("master", "CONT");
    }
    resolved("redis", "unreachable", "16379");
  }

  @Test
  void ioThreadStoppedArrivesAndResolves() {
    DB.run("sql", "replica", "STOP REPLICA IO_THREAD");
    await()
        .atMost(WITHIN)
        .pollInterval(Duration.ofMillis(100))
        .untilAsserted(
            () ->
                assertThat(firing("mysql", "replication_io_stopped"))
                    .containsExactly("13307/replication_io_stopped"));
    DB.start();
    resolved("mysql", "replication_io_stopped", "13307");
  }

  @Test
  void delayedReplicaWithWritesArrivesAsLagAndResolves() {
    DB.run("sql", "replica", "STOP REPLICA; CHANGE MASTER TO MASTER_DELAY=20; START REPLICA");
    // The lag only grows while events arrive: keep writing until the warning is at the collector.
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(300))
        .untilAsserted(
            () -> {
              DB.run("sql", "primary", "INSERT INTO botasky_probe.t(v) VALUES ('e2e lag')");
              List<JsonNode> a = collector.alerts("mysql", "replication_lag", "firing");
              assertThat(a).extracting(x -> x.path("instance").asText()).containsExactly("13307");
              assertThat(a.get(0).path("severity").asText()).isEqualTo("warning");
            });
    DB.start();
    resolved("mysql", "replication_lag", "13307");
  }
}
