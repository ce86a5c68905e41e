package io.botasky.agent.probe.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.botasky.agent.probe.Probe;
import io.botasky.agent.testkit.CollectingSink;
import io.botasky.agent.testkit.TestEnv;
import io.botasky.common.testkit.ServiceScript;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The redis probe against a real master (16379) and replica (16380) started by {@code
 * scripts/services/redis-repl.sh}: kill the master, kill the replica, freeze the master; each
 * alert, then its resolution after the script repairs the pair.
 */
class RedisFaultsTest {
  private static final ServiceScript REDIS = new ServiceScript("redis-repl");
  private static final Duration WITHIN = Duration.ofSeconds(20);

  private final Probe master =
      probe("[redis:16379]\nport = 16379\nexpect_replicas = 1\ntimeout = 1s\n");
  private final Probe replica = probe("[redis:16380]\nport = 16380\ntimeout = 1s\n");

  private static Probe probe(String ini) {
    return new RedisProbeFactory().create(TestEnv.section(ini), TestEnv.real());
  }

  private static AutoCloseable lease;

  @BeforeAll
  static void services() {
    lease = REDIS.exclusive();
    REDIS.start();
  }

  @AfterAll
  static void release() throws Exception {
    lease.close();
  }

  @AfterEach
  void repair() {
    REDIS.start();
    await()
        .atMost(WITHIN)
        .untilAsserted(
            () -> {
              assertThat(CollectingSink.round(master).failing()).isEmpty();
              assertThat(CollectingSink.round(replica).failing()).isEmpty();
            });
  }

  @Test
  void healthyPairRaisesNothing() {
    CollectingSink m = CollectingSink.round(master);
    assertThat(m.failing()).as("%s", m).isEmpty();
    assertThat(m.get("replica_missing").ok()).isTrue();
    assertThat(m.samples()).containsEntry("redis.connected_replicas", 1.0);
    CollectingSink r = CollectingSink.round(replica);
    assertThat(r.failing()).as("%s", r).isEmpty();
    assertThat(r.get("replication_lag")).isNotNull();
    assertThat(r.samples()).containsKey("redis.replication_lag_bytes");
  }

  @Test
  void killedMasterIsMasterLinkDownOnTheReplicaAndProcessDownOnItself() {
    REDIS.signal("master", "KILL");
    await()
        .atMost(WITHIN)
        .untilAsserted(
            () -> {
              CollectingSink r = CollectingSink.round(replica);
              assertThat(r.firing("master_link_down")).as("%s", r).isTrue();
            });
    CollectingSink m = CollectingSink.round(master);
    assertThat(m.firing("process_down")).as("%s", m).isTrue();
  }

  @Test
  void killedReplicaIsReplicaMissingOnTheMaster() {
    REDIS.signal("replica", "KILL");
    await()
        .atMost(WITHIN)
        .untilAsserted(
            () -> {
              CollectingSink m = CollectingSink.round(master);
              assertThat(m.firing("replica_missing")).as("%s", m).isTrue();
            });
    assertThat(CollectingSink.round(replica).firing("process_down")).isTrue();
  }

  @Test
  void frozenMasterTimesOutIntoUnreachable() {
    REDIS.signal("master", "STOP");
    try {
      long start = System.nanoTime();
      CollectingSink m = CollectingSink.round(master);
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      assertThat(m.firing("unreachable")).as("%s", m).isTrue();
      assertThat(m.get("unreachable").summary()).containsIgnoringCase("timed out");
      assertThat(m.get("process_down").ok())
          .as("the process is there, it just does not answer")
          .isTrue();
      assertThat(took).as("the socket timeout bounds the round").isLessThan(Duration.ofSeconds(5));
    } finally {
      REDIS.signal("master", "CONT");
    }
  }

  @Test
  void wrongPasswordIsUnreachableNamingTheCause() {
    CollectingSink m =
        CollectingSink.round(probe("[redis:16379]\nport = 16379\npassword = nope\n"));
    assertThat(m.firing("unreachable")).as("%s", m).isTrue();
    assertThat(m.get("unreachable").summary()).containsAnyOf("AUTH", "password");
  }
}
