package io.botasky.agent.probe;

import io.botasky.common.wire.Sample;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Collects one round's samples and outcomes. Closed when the round ends, so a probe that overran
 * its deadline and writes late cannot slip stale data into a later round.
 */
public final class RecordingSink implements ProbeSink {
  private final Clock clock;
  private final List<Sample> samples = new ArrayList<>();
  private final List<CheckOutcome> outcomes = new ArrayList<>();
  private boolean closed;

  public RecordingSink(Clock clock) {
    this.clock = clock;
  }

  @Override
  public synchronized void sample(String metric, double value, Map<String, String> labels) {
    if (!closed && Double.isFinite(value)) {
      samples.add(
          new Sample(
              metric, clock.millis(), value, labels == null ? Map.of() : Map.copyOf(labels)));
    }
  }

  @Override
  public synchronized void outcome(CheckOutcome outcome) {
    if (!closed) {
      outcomes.add(outcome);
    }
  }

  public synchronized void close() {
    closed = true;
  }

  public synchronized List<Sample> samples() {
    return List.copyOf(samples);
  }

  public synchronized List<CheckOutcome> outcomes() {
    return List.copyOf(outcomes);
  }
}
