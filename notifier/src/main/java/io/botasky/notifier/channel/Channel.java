package io.botasky.notifier.channel;

/**
 * Delivers one notification once. Retry, backoff, grouping and bookkeeping belong to the
 * NotificationDeliverer.
 */
public interface Channel {
  /** {@code mail}, {@code log}, {@code webhook}, {@code action}: the word steps use. */
  String type();

  /**
   * One attempt.
   *
   * @throws DeliveryException when it failed, saying whether a retry makes sense
   */
  void send(Notification n) throws DeliveryException;

  /**
   * Whether notifications to one recipient are paced by group_wait. The log channel writes a line
   * per notification at once and is not.
   */
  default boolean paced() {
    return true;
  }

  /**
   * Whether this channel requests actions instead of telling people (the {@code action} channel,
   * docs/notifier.md): each alert is requested on its own, and a failure has no log fallback.
   */
  default boolean requestsActions() {
    return false;
  }
}
