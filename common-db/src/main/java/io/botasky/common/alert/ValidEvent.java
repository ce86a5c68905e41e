package io.botasky.common.alert;

import io.botasky.common.db.OpenKeys;
import io.botasky.common.wire.AlertState;
import io.botasky.common.wire.Severity;

/**
 * An alert event that passed validation, times in epoch milliseconds. {@code state} is {@code
 * FIRING} or {@code RESOLVED}; {@code detailsJson} is compact JSON text or null.
 */
public record ValidEvent(
    String eventId,
    String host,
    String resource,
    String instance,
    String check,
    AlertState state,
    Severity severity,
    Double value,
    Double threshold,
    String summary,
    String detailsJson,
    long observedAt) {

  public String openKey() {
    return OpenKeys.of(host, resource, instance, check);
  }
}
