package io.botasky.collector.api;

import io.botasky.common.config.Durations;
import java.time.Duration;

/**
 * The {@code expires_in} of an ack (docs/api.md, "Ack"; docs/notifier.md, "Ack expiry"): a duration
 * as in the configuration files ({@code 90s 30m 4h 1d}), at least {@link #MIN} and at most {@link
 * #MAX}. A pure parser: the route turns its refusal into a 400 naming the field.
 */
public final class AckExpiry {
  /** Shorter would expire before the notifier could tell anyone it was acked. */
  public static final Duration MIN = Duration.ofSeconds(1);

  /** An ack meant for longer than a month is a forgotten one: ack without expiry instead. */
  public static final Duration MAX = Duration.ofDays(30);

  private AckExpiry() {}

  /**
   * The duration {@code text} means.
   *
   * @throws IllegalArgumentException with a message for the operator when it is not a duration or
   *     out of bounds
   */
  public static Duration parse(String text) {
    String t = text.strip();
    if (t.startsWith("-")) {
      throw new IllegalArgumentException("must be positive, got \"" + text + "\"");
    }
    Duration d;
    try {
      d = Durations.parse(t);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "expected a duration like \"4h\" (units s, m, h, d), got \"" + text + "\"");
    }
    if (d.compareTo(MIN) < 0) {
      throw new IllegalArgumentException("must be at least 1s, got \"" + text + "\"");
    }
    if (d.compareTo(MAX) > 0) {
      throw new IllegalArgumentException("must be at most 30d, got \"" + text + "\"");
    }
    return d;
  }
}
