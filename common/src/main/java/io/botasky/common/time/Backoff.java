package io.botasky.common.time;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff, capped, with "equal jitter": the wait before retry {@code attempt} (1-based)
 * is drawn between half the ceiling and the ceiling, so it never falls below half (full jitter
 * would draw from zero).
 */
public final class Backoff {
  private final Duration base;
  private final Duration cap;
  private final RandomGenerator random;

  public Backoff(Duration base, Duration cap, RandomGenerator random) {
    this.base = base;
    this.cap = cap;
    this.random = random;
  }

  /** Upper bound for attempt {@code n}: base × 2^(n-1), at most the cap. */
  public Duration ceiling(int attempt) {
    int shift = Math.min(30, Math.max(0, attempt - 1));
    long ms = base.toMillis() << shift;
    return Duration.ofMillis(ms <= 0 || ms > cap.toMillis() ? cap.toMillis() : ms);
  }

  /**
   * A random wait between half the ceiling and the ceiling, so many clients do not retry together.
   */
  public Duration next(int attempt) {
    long c = ceiling(attempt).toMillis();
    return Duration.ofMillis(c / 2 + (c > 1 ? random.nextLong(c / 2 + 1) : 0));
  }
}
