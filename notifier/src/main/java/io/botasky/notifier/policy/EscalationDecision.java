package io.botasky.notifier.policy;

import java.time.Instant;
import java.util.List;

/**
 * The answer of {@link Escalator#decide}: why, what to notify now, and when to look again.
 *
 * @param nextCheck when the alert next needs a decision without changing (a step delay or repeat
 *     running out), or null when only a change of the alert can make something due
 */
public record EscalationDecision(Reason reason, List<Planned> planned, Instant nextCheck) {
  public EscalationDecision {
    planned = List.copyOf(planned);
  }

  static EscalationDecision nothing(Reason reason, Instant nextCheck) {
    return new EscalationDecision(reason, List.of(), nextCheck);
  }
}
