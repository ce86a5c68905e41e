package io.botasky.notifier.policy;

import java.time.Duration;

/**
 * The optional {@code [notifier]} section of the escalation file: how hard to try and how long a
 * claim holds. Defaults suit a small fleet with a local SMTP relay.
 *
 * @param retryFor how long a failing notification is retried before it is marked failed
 * @param fallbackAfter attempts after which a failing notification also goes to the log channel
 * @param claimLease how long a recipient stays claimed by an instance that stopped answering
 * @param smtpTimeout connect, read and write timeout of the mail channel
 * @param webhookTimeout connect and request timeout of the webhook channel
 */
public record Tuning(
    Duration retryFor,
    int fallbackAfter,
    Duration claimLease,
    Duration smtpTimeout,
    Duration webhookTimeout) {

  public static Tuning defaults() {
    return new Tuning(
        Duration.ofHours(1),
        3,
        Duration.ofSeconds(60),
        Duration.ofSeconds(10),
        Duration.ofSeconds(10));
  }
}
