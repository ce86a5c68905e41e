package io.botasky.notifier.policy;

import java.time.Instant;

/**
 * A row of {@code silences}: {@code host} exact or ending in {@code *} (prefix), {@code resource}
 * and {@code check} null for any.
 */
public record SilenceRule(
    long id, String host, String resource, String check, Instant startsAt, Instant endsAt) {

  public boolean covers(AlertFacts a, Instant now) {
    if (now.isBefore(startsAt) || !now.isBefore(endsAt)) {
      return false;
    }
    boolean hostOk =
        host.endsWith("*")
            ? a.host().startsWith(host.substring(0, host.length() - 1))
            : a.host().equals(host);
    return hostOk
        && (resource == null || resource.equals(a.resource()))
        && (check == null || check.equals(a.check()));
  }

  /** The latest end among the silences covering {@code a} now, or null when none does. */
  public static Instant silencedUntil(Iterable<SilenceRule> rules, AlertFacts a, Instant now) {
    Instant until = null;
    for (SilenceRule r : rules) {
      if (r.covers(a, now) && (until == null || r.endsAt().isAfter(until))) {
        until = r.endsAt();
      }
    }
    return until;
  }
}
