package io.botasky.common.wire;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.Map;

/**
 * One change of an alert as an agent saw it. The {@code eventId} (a UUID) makes a resend harmless:
 * the collector stores the same id once.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AlertEvent(
    String eventId,
    String resource,
    String instance,
    String check,
    AlertState state,
    Severity severity,
    Double value,
    Double threshold,
    String summary,
    Map<String, Object> details,
    Instant observedAt) {

  /** The longest summary the collector accepts. */
  public static final int MAX_SUMMARY = 512;

  /** {@code host/resource/instance/check}: the identity of an alert. */
  public String fingerprint(String host) {
    return Fingerprint.of(host, resource, instance, check);
  }
}
