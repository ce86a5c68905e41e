package io.botasky.notifier.policy;

import java.time.Duration;
import java.util.List;

/**
 * {@code stepN = DELAY CHANNEL [CONTACTS]}: after {@code delay} from the alert's first firing,
 * notify {@code contacts} through {@code channel}. The {@code log} channel takes no contacts; the
 * {@code action} channel takes exactly one action name in their place (docs/notifier.md).
 */
public record Step(int number, Duration delay, String channel, List<String> contacts) {
  public Step {
    contacts = List.copyOf(contacts);
  }

  /** Whether this step requests an action instead of notifying someone. */
  public boolean isAction() {
    return channel.equals("action");
  }

  /** How the step reads in the file and in {@code boird explain}: {@code 15m mail leads}. */
  public String describe() {
    return io.botasky.common.config.Durations.format(delay)
        + " "
        + channel
        + (contacts.isEmpty() ? "" : " " + String.join(",", contacts));
  }
}
