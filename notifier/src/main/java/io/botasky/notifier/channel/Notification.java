package io.botasky.notifier.channel;

import java.util.List;

/**
 * One message to one recipient: a single alert, or every alert that fell due for the recipient
 * within its group_wait. A test mail carries no items.
 *
 * @param messageId stable for the same content, so a retry after a lost answer is the same message
 */
public record Notification(
    String channel, String target, List<Item> items, boolean test, String messageId) {
  public Notification {
    items = List.copyOf(items);
  }
}
