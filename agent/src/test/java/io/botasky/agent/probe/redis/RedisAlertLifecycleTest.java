package io.botasky.agent.probe.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.botasky.agent.alert.AlertPolicy;
import io.botasky.agent.alert.AlertTracker;
import io.botasky.common.wire.AlertEvent;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * replica_missing through the agent's real alert tracker: fires, then resolves when the replica is
 * back.
 */
class RedisAlertLifecycleTest {
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
    try (InputStream in =
        RedisAlertLifecycleTest.class.getResourceAsStream("/fixtures/redis/7.0/" + name)) {
      return RedisReplication.of(
          RedisInfoParser.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
    }
  }

  @Test
  void replicaMissingFiresThenResolves() throws IOException {
    AlertTracker tracker =
        new AlertTracker(new AlertPolicy(2, 1, 10.0, Duration.ofMinutes(5)), UUID::randomUUID);
    List<AlertEvent> events = new ArrayList<>();
    Instant t = Instant.parse("2026-11-21T10:00:00Z");
    for (String f :
        List.of(
            "master-healthy.txt",
            "master-replica-missing.txt",
            "master-replica-missing.txt",
            "master-healthy.txt",
            "master-healthy.txt")) {
      events.addAll(
          tracker.observeRound("redis:16379", RedisJudge.judge("16379", fixture(f), S, null), t));
      t = t.plusSeconds(10);
    }
    assertThat(events)
        .extracting(e -> e.check() + " " + e.state().name())
        .containsExactly("replica_missing FIRING", "replica_missing RESOLVED");
  }
}
