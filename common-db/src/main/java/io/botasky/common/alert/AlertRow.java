package io.botasky.common.alert;

import io.botasky.common.wire.AlertState;
import io.botasky.common.wire.AlertView;
import io.botasky.common.wire.Severity;
import java.time.Instant;

/**
 * One row of {@code alerts}. {@code id} is 0 for an alert not yet inserted; {@code openKey} is null
 * once resolved. Immutable: transitions return a new row.
 *
 * @param ackExpiresAt when the ack runs out (null: never, or not acked); docs/notifier.md "Ack
 *     expiry"
 * @param ackExpiries how many acks of this alert ran out while it was still open
 * @param ackExpiredAt when the last of them ran out (null: none did)
 */
public record AlertRow(
    long id,
    String openKey,
    String host,
    String resource,
    String instance,
    String check,
    Severity severity,
    AlertState state,
    String summary,
    Double value,
    Double threshold,
    String detailsJson,
    long firstSeen,
    long lastSeen,
    int occurrences,
    String ackedBy,
    Long ackedAt,
    String ackComment,
    Long resolvedAt,
    long updatedAt,
    Long ackExpiresAt,
    int ackExpiries,
    Long ackExpiredAt) {

  public AlertRow withId(long newId) {
    return new AlertRow(
        newId,
        openKey,
        host,
        resource,
        instance,
        check,
        severity,
        state,
        summary,
        value,
        threshold,
        detailsJson,
        firstSeen,
        lastSeen,
        occurrences,
        ackedBy,
        ackedAt,
        ackComment,
        resolvedAt,
        updatedAt,
        ackExpiresAt,
        ackExpiries,
        ackExpiredAt);
  }

  /** The alert as the API shows it ({@code GET /api/v1/alerts}, the event stream). */
  public AlertView view() {
    return new AlertView(
        id,
        host,
        resource,
        instance,
        check,
        severity,
        state,
        summary,
        rfc3339(firstSeen),
        rfc3339(lastSeen),
        occurrences,
        ackedBy,
        rfc3339(resolvedAt),
        rfc3339(ackExpiresAt));
  }

  private static String rfc3339(Long epochMillis) {
    return epochMillis == null ? null : Instant.ofEpochMilli(epochMillis).toString();
  }
}
