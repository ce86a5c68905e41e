package io.botasky.notifier.policy;

import io.botasky.common.wire.AlertState;
import io.botasky.common.wire.Severity;
import java.time.Instant;

/** What the policy needs to know about one alert: a row of {@code alerts}, as read. */
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
    long updatedAt) {

  /** {@code mysql:3306}, or just the resource when the instance is empty. */
  public String resourceInstance() {
    return instance == null || instance.isEmpty() ? resource : resource + ":" + instance;
  }

  /** {@code pi3 mysql:3306 replication_lag critical firing}, for log lines. */
  public String headlineForLog() {
    return host + " " + resourceInstance() + " " + check + " " + severity.wire() + " " + state.wire();
  }
}
