package io.botasky.notifier.policy;

import io.botasky.common.alert.AlertRow;
import io.botasky.common.wire.AlertState;
import io.botasky.common.wire.Severity;
import java.time.Instant;

/**
 * What the policy needs to know about one alert: a function of the shared {@link AlertRow} (see
 * {@link #of}), with times as instants and without the collector's bookkeeping (open key, details).
 *
 * @param ackExpiries how many acks of the alert ran out while it was open (docs/notifier.md, "Ack
 *     expiry"): each starts a new escalation sequence ({@link Sequences})
 * @param ackExpiredAt when the last one ran out, or null
 */
public record AlertFacts(
    long id,
    String host,
    String resource,
    String instance,
    String check,
    Severity severity,
    AlertState state,
    String summary,
    Double value,
    Double threshold,
    Instant firstSeen,
    Instant lastSeen,
    int occurrences,
    String ackedBy,
    Instant ackedAt,
    String ackComment,
    Instant resolvedAt,
    long updatedAt,
    int ackExpiries,
    Instant ackExpiredAt) {

  /** Facts of an alert whose ack never ran out. */
  public AlertFacts(
      long id,
      String host,
      String resource,
      String instance,
      String check,
      Severity severity,
      AlertState state,
      String summary,
      Double value,
      Double threshold,
      Instant firstSeen,
      Instant lastSeen,
      int occurrences,
      String ackedBy,
      Instant ackedAt,
      String ackComment,
      Instant resolvedAt,
      long updatedAt) {
    this(
        id,
        host,
        resource,
        instance,
        check,
        severity,
        state,
        summary,
        value,
        threshold,
        firstSeen,
        lastSeen,
        occurrences,
        ackedBy,
        ackedAt,
        ackComment,
        resolvedAt,
        updatedAt,
        0,
        null);
  }

  /** The facts of one {@code alerts} row, as read by {@code AlertRows.read}. */
  public static AlertFacts of(AlertRow r) {
    return new AlertFacts(
        r.id(),
        r.host(),
        r.resource(),
        r.instance(),
        r.check(),
        r.severity(),
        r.state(),
        r.summary(),
        r.value(),
        r.threshold(),
        Instant.ofEpochMilli(r.firstSeen()),
        Instant.ofEpochMilli(r.lastSeen()),
        r.occurrences(),
        r.ackedBy(),
        instant(r.ackedAt()),
        r.ackComment(),
        instant(r.resolvedAt()),
        r.updatedAt(),
        r.ackExpiries(),
        instant(r.ackExpiredAt()));
  }

  private static Instant instant(Long epochMillis) {
    return epochMillis == null ? null : Instant.ofEpochMilli(epochMillis);
  }

  /** {@code mysql:3306}, or just the resource when the instance is empty. */
  public String resourceInstance() {
    return instance == null || instance.isEmpty() ? resource : resource + ":" + instance;
  }

  /** {@code pi3 mysql:3306 replication_lag critical firing}, for log lines. */
  public String headlineForLog() {
    return host
        + " "
        + resourceInstance()
        + " "
        + check
        + " "
        + severity.wire()
        + " "
        + state.wire();
  }
}
