package io.botasky.agent.spool;

import io.botasky.agent.probe.CheckOutcome;
import io.botasky.agent.probe.Probe;
import io.botasky.agent.probe.ProbeSink;
import io.botasky.common.wire.Severity;
import java.util.Locale;
import java.util.Map;

/**
 * The agent watching its own spool: metric data dropped past spool_max ({@code system/spool/
 * spool_dropped}) and a disk that refuses writes ({@code system/spool/spool_write_failed}) are
 * alerts, never silent. Both resolve by themselves: the first once the collector has the whole
 * backlog again, the second once writing works.
 */
public final class SpoolProbe implements Probe {
  private final Spool spool;
  private final long spoolMax;

  public SpoolProbe(Spool spool, long spoolMax) {
    this.spool = spool;
    this.spoolMax = spoolMax;
  }

  @Override
  public String id() {
    return "agent/spool";
  }

  @Override
  public void run(ProbeSink sink) {
    SpoolStats s = spool.stats();
    sink.sample("spool.bytes", s.bytes(), Map.of());
    sink.sample("spool.backups", s.backups(), Map.of());
    sink.sample("spool.pending_events", s.pendingEvents(), Map.of());
    sink.sample("spool.dropped_samples", s.droppedSamples(), Map.of());
    if (s.droppedSamples() > 0 || s.droppedBatches() > 0) {
      sink.outcome(
          new CheckOutcome(
              "system",
              "spool",
              "spool_dropped",
              Severity.WARNING,
              (double) s.droppedSamples(),
              null,
              String.format(
                  Locale.ROOT,
                  "collector away too long: dropped %d metric samples (%d batches or backups) past"
                      + " spool_max %d MB; alerts are kept",
                  s.droppedSamples(),
                  s.droppedBatches(),
                  spoolMax >> 20),
              Map.of(
                  "dropped_samples", s.droppedSamples(), "dropped_batches", s.droppedBatches())));
    } else {
      sink.outcome(CheckOutcome.ok("system", "spool", "spool_dropped", 0.0, "nothing dropped"));
    }
    if (s.writeError() != null) {
      sink.outcome(
          new CheckOutcome(
              "system",
              "spool",
              "spool_write_failed",
              Severity.CRITICAL,
              null,
              null,
              "cannot write the spool, holding data in memory: " + s.writeError(),
              Map.of("error", s.writeError())));
    } else {
      sink.outcome(
          CheckOutcome.ok("system", "spool", "spool_write_failed", null, "spool writable"));
    }
  }
}
