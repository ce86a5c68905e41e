package io.botasky.notifier.policy;

import io.botasky.common.wire.AlertState;
import io.botasky.common.wire.Severity;
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
        a.lastSeen(),
        a.occurrences(),
        state == AlertState.ACKED ? "zq" : null,
        state == AlertState.ACKED ? T0.plusSeconds(60) : null,
        state == AlertState.ACKED ? "looking" : null,
        state == AlertState.RESOLVED ? T0.plusSeconds(600) : null,
        a.updatedAt() + 1);
  }
}
