package io.botasky.notifier.store;

import io.botasky.notifier.policy.Planned;
import java.util.List;

/** A decision to write: the planned event, its policy and the recipients it expands to. */
public record NewNotification(
    long alertId, String policy, Planned planned, List<Target> targets, long groupWaitMs) {
  public NewNotification {
    targets = List.copyOf(targets);
  }
}
