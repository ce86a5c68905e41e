package io.botasky.agent.wire;

import io.botasky.common.wire.LogLine;
import io.botasky.common.wire.Sample;
import java.util.List;

/**
 * One line of a data file: the samples of up to {@code flush_every} probe rounds and the log lines
 * forwarded meanwhile (docs/agent-spool.md), under an id the collector uses to store a resent batch
 * only once.
 */
public record Batch(String batchId, List<Sample> samples, List<LogLine> logs) {
  public Batch {
    logs = logs == null ? List.of() : logs;
  }

  /** A batch of samples only. */
  public Batch(String batchId, List<Sample> samples) {
    this(batchId, samples, List.of());
  }
}
