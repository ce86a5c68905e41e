package io.botasky.notifier.policy;

import io.botasky.common.wire.AlertState;
import io.botasky.common.wire.Severity;
import java.time.Duration;
import java.time.Instant;

/** Alert values for pure tests. */
public final class Alerts {
  public static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");

  private Alerts() {}

  public static AlertFacts facts(
      long id, String host, String resource, String instance, String check, String severity) {
    return new AlertFacts(
        id,
        host,
        resource,
        instance,
        check,
        Severity.parse(severity).orElseThrow(),
        AlertState.FIRING,
        "summary of " + check,
        42.0,
        30.0,
        T0,
        T0,
        1,
        null,
        null,
        null,
        null,
        T0.toEpochMilli());
  }

  public static AlertFacts with(AlertFacts a, AlertState state, Severity severity) {
    boolean acked = state == AlertState.ACKED;
    return copy(
        a,
        state,
        severity,
        a.lastSeen(),
        acked ? "zq" : null,
        acked ? T0.plusSeconds(60) : null,
        state == AlertState.RESOLVED ? T0.plusSeconds(600) : null);
  }

  /** {@code a} resolved after {@code lived}, as the notifier may first see it. */
  public static AlertFacts resolvedAfter(AlertFacts a, Duration lived) {
    Instant end = a.firstSeen().plus(lived);
    return copy(a, AlertState.RESOLVED, a.severity(), end, null, null, end);
  }

  /** {@code a} acked by zq a minute in, then resolved after {@code lived}. */
  public static AlertFacts ackedThenResolved(AlertFacts a, Duration lived) {
    Instant end = a.firstSeen().plus(lived);
    return copy(
        a, AlertState.RESOLVED, a.severity(), end, "zq", a.firstSeen().plusSeconds(60), end);
  }

  private static AlertFacts copy(
      AlertFacts a,
      AlertState state,
      Severity severity,
      Instant lastSeen,
      String ackedBy,
      Instant ackedAt,
      Instant resolvedAt) {
    return new AlertFacts(
        a.id(),
        a.host(),
        a.resource(),
        a.instance(),
        a.check(),
        severity,
        state,
        a.summary(),
        a.value(),
        a.threshold(),
        a.firstSeen(),
        lastSeen,
        a.occurrences(),
        ackedBy,
        ackedAt,
        ackedBy == null ? null : "looking",
        resolvedAt,
        a.updatedAt() + 1);
  }
}
