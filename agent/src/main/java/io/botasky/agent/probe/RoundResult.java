package io.botasky.agent.probe;

import io.botasky.common.wire.Sample;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What one round of one probe produced. A failed round ({@code error} set) still carries its self
 * metrics and a {@code probe_failed} outcome, never an exception.
 *
 * @param error null on success, else why the round failed (exception text, "timed out after 5 s")
 */
public record RoundResult(
    String probeId,
    Instant startedAt,
    Duration duration,
    List<Sample> samples,
    List<CheckOutcome> outcomes,
    String error) {

  public boolean success() {
    return error == null;
  }
}
