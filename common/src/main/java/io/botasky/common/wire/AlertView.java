package io.botasky.common.wire;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One alert as {@code GET /api/v1/alerts} returns it; times are RFC 3339 strings. {@code
 * ackExpiresAt} is when an ack given for a while runs out (docs/notifier.md, "Ack expiry").
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record AlertView(
    long id,
    String host,
    String resource,
    String instance,
    String check,
    Severity severity,
    AlertState state,
    String summary,
    String firstSeen,
    String lastSeen,
    int occurrences,
    String ackedBy,
    String resolvedAt,
    String ackExpiresAt) {

  /** An alert whose ack (if any) does not expire. */
  public AlertView(
      long id,
      String host,
      String resource,
      String instance,
      String check,
      Severity severity,
      AlertState state,
      String summary,
      String firstSeen,
      String lastSeen,
      int occurrences,
      String ackedBy,
      String resolvedAt) {
    this(
        id,
        host,
        resource,
        instance,
        check,
        severity,
        state,
        summary,
        firstSeen,
        lastSeen,
        occurrences,
        ackedBy,
        resolvedAt,
        null);
  }
}
