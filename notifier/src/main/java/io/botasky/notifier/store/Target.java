package io.botasky.notifier.store;

/**
 * One recipient: a channel and what it addresses there (a mail address, a webhook contact's name,
 * the alert_log path).
 */
public record Target(String channel, String target) {}
