package io.botasky.notifier.channel;

import java.util.List;
import java.util.Map;

/**
 * One message to one recipient: a single alert, or every alert that fell due for the recipient
 * within its group_wait. A test mail carries no items.
 *
 * @param messageId stable for the same content, so a retry after a lost answer is the same message
 * @param heldBack per parent alert id, the alerts it holds back (docs/notifier.md, "Dependencies")
 */
public record Notification(
    String channel,
    String target,
    List<Item> items,
    boolean test,
    String messageId,
    Map<Long, HeldBack> heldBack) {
  public Notification {
    items = List.copyOf(items);
    heldBack = Map.copyOf(heldBack);
  }

  public Notification(
      String channel, String target, List<Item> items, boolean test, String messageId) {
    this(channel, target, items, test, messageId, Map.of());
  }
}
