package io.botasky.common.acklink;

/**
 * What a one-click ack link carries (docs/notifier.md, "One-click ack").
 *
 * @param keyId the key that signed it
 * @param recipient the mail address it was sent to: the ack's {@code by}
 * @param expiresAt epoch milliseconds; 24 h after the mail
 * @param tokenId random, 22 base64url characters: the token's single use is recorded under it
 */
public record AckToken(
    long keyId, long alertId, String recipient, long expiresAt, String tokenId) {}
