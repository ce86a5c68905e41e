package io.botasky.collector.store;

import java.time.Instant;

/** Epoch milliseconds as the API shows them: RFC 3339 in UTC, or null. */
public final class Times {
  private Times() {}

  public static String rfc3339(Long epochMillis) {
    return epochMillis == null ? null : Instant.ofEpochMilli(epochMillis).toString();
  }
}
