package io.botasky.agent.probe.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.botasky.agent.probe.CheckOutcome;
import io.botasky.common.wire.Severity;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The redis checks on {@code INFO replication} texts captured from Redis 7.0. */
class RedisJudgeTest {
  private static final RedisSettings S =
      new RedisSettings(
          "127.0.0.1",
          16379,
          "",
          "auto",
          1,
          1000,
          100_000,
          Duration.ofSeconds(30),
          Duration.ofSeconds(1),
          Duration.ofSeconds(1),
          false);

  private static RedisReplication fixture(String name) throws IOException {
    try (InputStream in = RedisJudgeTest.class.getResourceAsStream("/fixtures/redis/7.0/" + name)) {
      return RedisReplication.of(
          RedisInfoParser.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
    }
  }

  private static List<String> firing(List<CheckOutcome> outcomes) {
    return outcomes.stream().filter(o -> !o.ok()).map(CheckOutcome::check).toList();
  }

  @Test
  void healthyMasterHasItsReplica() throws IOException {
    RedisReplication m = fixture("master-healthy.txt");
    assertThat(m.replica()).isFalse();
    assertThat(m.replicas()).containsExactly("127.0.0.1:16380 online");
    List<CheckOutcome> out = RedisJudge.judge("16379", m, S, null);
    assertThat(out).extracting(CheckOutcome::check).containsExactly("replica_missing");
    assertThat(firing(out)).isEmpty();
  }

  @Test
  void masterWithoutItsReplicaIsReplicaMissing() throws IOException {
    List<CheckOutcome> out =
        RedisJudge.judge("16379", fixture("master-replica-missing.txt"), S, null);
    assertThat(firing(out)).containsExactly("replica_missing");
    assertThat(out.get(0).summary()).contains("0 replica(s) connected, 1 expected");
  }

  @Test
  void healthyReplicaJudgesLagFromOffsets() throws IOException {
    RedisReplication r = fixture("replica-healthy.txt");
    assertThat(r.replica()).isTrue();
    List<CheckOutcome> ok = RedisJudge.judge("16380", r, S, r.replicaOffset() + 10);
    assertThat(firing(ok)).isEmpty();
    List<CheckOutcome> behind = RedisJudge.judge("16380", r, S, r.replicaOffset() + 5000);
    assertThat(firing(behind)).containsExactly("replication_lag");
    assertThat(behind.get(1).severity()).isEqualTo(Severity.WARNING);
    assertThat(behind.get(1).value()).isEqualTo(5000.0);
  }

  @Test
  void replicaOfADeadMasterIsMasterLinkDownWithItsSeconds() throws IOException {
    RedisReplication r = fixture("replica-master-down.txt");
    assertThat(r.linkDownSeconds()).isEqualTo(1);
    assertThat(r.lastIoSecondsAgo()).isEqualTo(-1);
    List<CheckOutcome> out = RedisJudge.judge("16380", r, S, null);
    assertThat(firing(out)).containsExactly("master_link_down");
    assertThat(out.get(0).summary()).contains("127.0.0.1:16379").contains("for 1 s");
  }

  @Test
  void roleReplicaOnAMasterIsAFailureNotSilence() throws IOException {
    RedisSettings replicaRole =
        new RedisSettings(
            "127.0.0.1",
            16379,
            "",
            "replica",
            0,
            1,
            2,
            Duration.ofSeconds(30),
            Duration.ofSeconds(1),
            Duration.ofSeconds(1),
            false);
    assertThat(firing(RedisJudge.judge("16379", fixture("master-healthy.txt"), replicaRole, null)))
        .containsExactly("master_link_down");
  }
}
