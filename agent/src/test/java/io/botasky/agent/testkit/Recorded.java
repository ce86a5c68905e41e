package io.botasky.agent.testkit;

import io.botasky.agent.probe.CheckOutcome;
import io.botasky.agent.probe.ProbeSink;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A {@link ProbeSink} that keeps one round in order, samples with their labels: for probes whose
 * samples differ only by a label (one per interface, per ping target).
 */
public final class Recorded implements ProbeSink {
  /** A sample as the probe gave it. */
  public record Sampled(String metric, double value, Map<String, String> labels) {}

  private final List<Sampled> samples = new ArrayList<>();
  private final List<CheckOutcome> outcomes = new ArrayList<>();

  @Override
  public void sample(String metric, double value, Map<String, String> labels) {
    samples.add(new Sampled(metric, value, Map.copyOf(labels)));
  }

  @Override
  public void outcome(CheckOutcome o) {
    outcomes.add(o);
  }

  public List<CheckOutcome> outcomes() {
    return outcomes;
  }

  public List<Sampled> samples() {
    return samples;
  }

  /** The outcome with alert key {@code resource/instance/check}; fails when there is none. */
  public CheckOutcome outcome(String key) {
    return outcomes.stream()
        .filter(o -> o.key().equals(key))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no outcome " + key + " in " + outcomes));
  }

  /** The value of {@code metric} with exactly {@code labels}, or null. */
  public Double value(String metric, Map<String, String> labels) {
    return samples.stream()
        .filter(s -> s.metric().equals(metric) && s.labels().equals(labels))
        .map(Sampled::value)
        .findFirst()
        .orElse(null);
  }

  public boolean has(String metric) {
    return samples.stream().anyMatch(s -> s.metric().equals(metric));
  }

  @Override
  public String toString() {
    return outcomes + " " + samples;
  }
}
