package io.botasky.agent.testkit;

import io.botasky.agent.probe.CheckOutcome;
import io.botasky.agent.probe.Probe;
import io.botasky.agent.probe.ProbeException;
import io.botasky.agent.probe.ProbeSink;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A {@link ProbeSink} that keeps one round's outcomes by check name and its samples by metric. */
public final class CollectingSink implements ProbeSink {
  private final Map<String, CheckOutcome> outcomes = new LinkedHashMap<>();
  private final Map<String, Double> samples = new LinkedHashMap<>();
  private final List<CheckOutcome> all = new ArrayList<>();

  /** Runs one round of {@code probe} into a fresh sink. */
  public static CollectingSink round(Probe probe) {
    CollectingSink s = new CollectingSink();
    try {
      probe.run(s);
    } catch (ProbeException e) {
      throw new AssertionError("probe " + probe.id() + " failed: " + e.getMessage(), e);
    }
    return s;
  }

  @Override
  public void sample(String metric, double value, Map<String, String> labels) {
    samples.put(metric, value);
  }

  @Override
  public void outcome(CheckOutcome o) {
    outcomes.put(o.check(), o);
    all.add(o);
  }

  /** The outcome of {@code check}, or null when the round did not judge it. */
  public CheckOutcome get(String check) {
    return outcomes.get(check);
  }

  public boolean firing(String check) {
    CheckOutcome o = outcomes.get(check);
    return o != null && !o.ok();
  }

  public Map<String, Double> samples() {
    return samples;
  }

  public List<CheckOutcome> all() {
    return all;
  }

  /** The failing checks, for assertion messages. */
  public List<String> failing() {
    return all.stream().filter(o -> !o.ok()).map(o -> o.check() + ": " + o.summary()).toList();
  }

  @Override
  public String toString() {
    return all.stream()
        .map(o -> o.check() + "=" + (o.ok() ? "OK" : o.severity()) + " (" + o.summary() + ")")
        .toList()
        .toString();
  }
}
