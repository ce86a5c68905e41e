package io.botasky.agent.spool;

import static org.assertj.core.api.Assertions.assertThat;

import io.botasky.agent.probe.CheckOutcome;
import io.botasky.agent.probe.RecordingSink;
import io.botasky.agent.wire.WireCodec;
import io.botasky.common.testkit.MutableClock;
import io.botasky.common.wire.Sample;
import io.botasky.common.wire.Severity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent reports its own spool trouble as alerts: a full disk and dropped data are never silent.
 */
class SpoolProbeTest {
  @TempDir Path dir;
  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-21T10:00:00Z"));

  private static CheckOutcome outcome(RecordingSink s, String check) {
    return s.outcomes().stream().filter(o -> o.check().equals(check)).findFirst().orElseThrow();
  }

  @Test
  void aDiskThatRefusesWritesIsACriticalAlertUntilItWorksAgain() throws Exception {
    try (Spool spool =
        Spool.open(
            new SpoolSettings(dir.resolve("d"), dir.resolve("b"), 30 << 20, 1, 512L << 20, 1 << 20),
            clock,
            new WireCodec(),
            UUID::randomUUID)) {
      SpoolProbe probe = new SpoolProbe(spool, 512L << 20);
      Files.createDirectories(dir.resolve("d/current.data"));
      spool.addRound(List.of(new Sample("x", 1, 1, Map.of())));
      RecordingSink s = new RecordingSink(clock);
      probe.run(s);
      assertThat(outcome(s, "spool_write_failed").severity()).isEqualTo(Severity.CRITICAL);
      assertThat(outcome(s, "spool_write_failed").instance()).isEqualTo("spool");
      assertThat(outcome(s, "spool_write_failed").summary()).contains("holding data in memory");
      Files.delete(dir.resolve("d/current.data"));
      spool.addRound(List.of(new Sample("x", 2, 2, Map.of())));
      RecordingSink after = new RecordingSink(clock);
      probe.run(after);
      assertThat(outcome(after, "spool_write_failed").ok()).isTrue();
    }
  }

  @Test
  void droppedMetricsAreReportedWithTheirCountAndResolveOnceTheBacklogIsDelivered()
      throws Exception {
    try (Spool spool =
        Spool.open(
            new SpoolSettings(dir.resolve("d"), dir.resolve("b"), 2048, 1, 4096, 1 << 20),
            clock,
            new WireCodec(),
            UUID::randomUUID)) {
      SpoolProbe probe = new SpoolProbe(spool, 4096);
      for (int i = 0; i < 200; i++) {
        spool.addRound(List.of(new Sample("x", i, i, Map.of()), new Sample("y", i, i, Map.of())));
      }
      RecordingSink s = new RecordingSink(clock);
      probe.run(s);
      CheckOutcome dropped = outcome(s, "spool_dropped");
      assertThat(dropped.severity()).isEqualTo(Severity.WARNING);
      assertThat(dropped.value()).isPositive();
      assertThat(dropped.summary()).contains("dropped").contains("alerts are kept");
      for (var b = spool.nextBatch(); b.isPresent(); b = spool.nextBatch()) {
        spool.delivered(b.get());
      }
      RecordingSink after = new RecordingSink(clock);
      probe.run(after);
      assertThat(outcome(after, "spool_dropped").ok()).isTrue();
    }
  }
}
