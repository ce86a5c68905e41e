package io.botasky.agent.probe.mysql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.botasky.agent.probe.Probe;
import io.botasky.agent.testkit.CollectingSink;
import io.botasky.agent.testkit.TestEnv;
import io.botasky.common.testkit.ServiceScript;
import io.botasky.common.wire.Severity;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The mysql probe against a real MariaDB primary (13306) and replica (13307) started by {@code
 * scripts/services/mariadb-repl.sh}: each fault is injected, its alert asserted, then the script
 * repairs it and the alert must clear.
 */
class MysqlFaultsTest {
  private static final ServiceScript DB = new ServiceScript("mariadb-repl");
  private static final Duration WITHIN = Duration.ofSeconds(30);

  private final Probe replica =
      probe(
          "[mysql:13307]\nport = 13307\nuser = monitor\npassword = monitorpw\n"
              + "lag_warning = 2s\nlag_critical = 30s\n");
  private final Probe primary =
      probe("[mysql:13306]\nport = 13306\nuser = monitor\npassword = monitorpw\n");

  private static Probe probe(String ini) {
    return new MysqlProbeFactory().create(TestEnv.section(ini), TestEnv.real());
  }

  private static AutoCloseable lease;

  @BeforeAll
  static void services() {
    lease = DB.exclusive();
    DB.start();
  }

  @AfterAll
  static void release() throws Exception {
    lease.close();
  }

  @AfterEach
  void repair() {
    DB.start();
    await()
        .atMost(WITHIN)
        .untilAsserted(() -> assertThat(CollectingSink.round(replica).failing()).isEmpty());
  }

  @Test
  void healthyPairRaisesNothingAndReportsMetrics() {
    CollectingSink r = CollectingSink.round(replica);
    assertThat(r.failing()).as("%s", r).isEmpty();
    assertThat(r.get("process_down").ok()).isTrue();
    assertThat(r.samples())
        .containsKeys("mysql.threads_connected", "mysql.replication_lag_seconds");
    CollectingSink p = CollectingSink.round(primary);
    assertThat(p.failing()).isEmpty();
    assertThat(p.get("replication_io_stopped"))
        .as("role auto: a primary has no replication checks")
        .isNull();
    assertThat(CollectingSink.round(primary).samples()).containsKey("mysql.queries_per_second");
  }

  @Test
  void delayedReplicaWithWritesRaisesLagThenClears() {
    DB.run("sql", "replica", "STOP REPLICA; CHANGE MASTER TO MASTER_DELAY=20; START REPLICA");
    await()
        .atMost(WITHIN)
        .pollInterval(Duration.ofMillis(500))
        .untilAsserted(
            () -> {
              DB.run("sql", "primary", "INSERT INTO botasky_probe.t(v) VALUES ('lag')");
              CollectingSink r = CollectingSink.round(replica);
              assertThat(r.firing("replication_lag")).as("%s", r).isTrue();
              assertThat(r.get("replication_lag").severity()).isEqualTo(Severity.WARNING);
              assertThat(r.get("replication_lag").value()).isGreaterThanOrEqualTo(2.0);
            });
  }

  @Test
  void sqlThreadStoppedFiresWithNullLagAsFailure() {
    DB.run("sql", "replica", "STOP REPLICA SQL_THREAD");
    await()
        .atMost(WITHIN)
        .untilAsserted(
            () -> {
              CollectingSink r = CollectingSink.round(replica);
              assertThat(r.firing("replication_sql_stopped")).as("%s", r).isTrue();
              assertThat(r.firing("replication_lag")).as("NULL lag with a thread down").isTrue();
              assertThat(r.firing("replication_io_stopped")).isFalse();
            });
  }

  @Test
  void ioThreadStoppedFires() {
    DB.run("sql", "replica", "STOP REPLICA IO_THREAD");
    await()
        .atMost(WITHIN)
        .untilAsserted(
            () -> {
              CollectingSink r = CollectingSink.round(replica);
              assertThat(r.firing("replication_io_stopped")).as("%s", r).isTrue();
              assertThat(r.firing("master_down")).isFalse();
            });
  }

  @Test
  void killedPrimaryIsMasterDownOnTheReplicaAndProcessDownOnItself() {
    DB.signal("primary", "KILL");
    await()
        .atMost(WITHIN)
        .untilAsserted(
            () -> {
              CollectingSink r = CollectingSink.round(replica);
              assertThat(r.firing("master_down")).as("%s", r).isTrue();
              assertThat(r.get("master_down").severity()).isEqualTo(Severity.CRITICAL);
              assertThat(r.firing("replication_lag")).isTrue();
            });
    CollectingSink p = CollectingSink.round(primary);
    assertThat(p.firing("process_down")).as("%s", p).isTrue();
    assertThat(p.get("process_down").summary()).contains("mariadbd");
  }

  @Test
  void replicationAlertsAreCarriedNotResolvedWhileTheReplicaIsDown() {
    DB.run("sql", "replica", "STOP REPLICA SQL_THREAD");
    await()
        .atMost(WITHIN)
        .untilAsserted(
            () ->
                assertThat(CollectingSink.round(replica).firing("replication_sql_stopped"))
                    .isTrue());
    DB.signal("replica", "KILL");
    await()
        .atMost(WITHIN)
        .untilAsserted(
            () -> {
              CollectingSink r = CollectingSink.round(replica);
              assertThat(r.firing("process_down")).as("%s", r).isTrue();
              // The agent resolves what a round no longer mentions: an unjudged alert must be
              // carried, not dropped.
              assertThat(r.firing("replication_sql_stopped")).isTrue();
              assertThat(r.get("replication_sql_stopped").summary())
                  .startsWith("not re-checked (no server process)");
            });
  }
}
