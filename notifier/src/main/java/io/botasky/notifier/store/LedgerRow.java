package io.botasky.notifier.store;

import io.botasky.notifier.policy.Kind;
import java.time.Instant;

/**
 * A pending row of {@code notifications}, with the escalation event it belongs to.
 *
 * @param alertId 0 for a test mail ({@code botasky test-mail})
 */
public record LedgerRow(
    long id,
    long alertId,
    int step,
    Kind kind,
    int epoch,
    int round,
    String channel,
    String target,
    int attempts,
    Instant createdAt,
    long groupWaitMs,
    Long planId,
    String scope) {

  public boolean test() {
    return alertId == 0;
  }
}
