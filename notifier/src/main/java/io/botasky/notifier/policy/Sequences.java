package io.botasky.notifier.policy;

import java.time.Instant;

/**
 * Escalation sequences of one alert (docs/notifier.md, "Ack expiry"). A sequence is a range of
 * epochs: the first is {@code 0..STRIDE-1} (the epoch is the severity rank, as before ack expiry
 * existed), and each ack that runs out on an open alert starts the next one at {@code expiries *
 * STRIDE}, whose step delays count from the expiry instead of the first firing. So a step planned
 * before the expiry ({@code notify_plan}'s unique key holds the epoch) does not stop the same step
 * from being planned again after it, and nothing is planned twice within a sequence.
 */
public final class Sequences {
  /** Epochs per sequence: more than there are severities. */
  public static final int STRIDE = 100;

  // notify_plan.epoch is an INT: past this many expiries the last sequence is reused.
  private static final int MAX_SEQUENCE = Integer.MAX_VALUE / STRIDE - 1;

  private Sequences() {}

  /** The first epoch of the alert's current sequence. */
  public static int base(AlertFacts a) {
    return Math.min(Math.max(0, a.ackExpiries()), MAX_SEQUENCE) * STRIDE;
  }

  /** When the current sequence started: the last ack expiry, or the first firing. */
  public static Instant start(AlertFacts a) {
    return a.ackExpiries() > 0 && a.ackExpiredAt() != null ? a.ackExpiredAt() : a.firstSeen();
  }

  /** The severity rank an epoch belongs to. */
  public static int rank(int epoch) {
    return epoch % STRIDE;
  }

  /** The sequence an epoch belongs to: 0 before any expiry, n after the n-th. */
  public static int sequence(int epoch) {
    return epoch / STRIDE;
  }
}
