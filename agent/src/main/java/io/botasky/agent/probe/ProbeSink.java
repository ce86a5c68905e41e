package io.botasky.agent.probe;

import java.util.Map;

/** Receives what one probe round found: metric samples and check outcomes. */
public interface ProbeSink {
  void sample(String metric, double value, Map<String, String> labels);

  void outcome(CheckOutcome outcome);
}
