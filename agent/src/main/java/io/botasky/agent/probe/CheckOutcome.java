package io.botasky.agent.probe;

import io.botasky.common.wire.Severity;
import java.util.Map;

/**
 * The result of one check in one round. {@code severity} null means OK. Resource and check names
 * are those of docs/reference.md ("Checks").
 *
 * @param value the measured value, or null when there is none (a process that is gone)
 * @param threshold the threshold crossed or tested against, or null
 * @param details extra facts for the alert (pid, user, error text), JSON-serialisable
 */
public record CheckOutcome(
    String resource,
    String instance,
    String check,
    Severity severity,
    Double value,
    Double threshold,
    String summary,
    Map<String, Object> details) {

  public boolean ok() {
    return severity == null;
  }

  public static CheckOutcome ok(
      String resource, String instance, String check, Double value, String summary) {
    return new CheckOutcome(resource, instance, check, null, value, null, summary, Map.of());
  }

  public static CheckOutcome failing(
      String resource,
      String instance,
      String check,
      Severity severity,
      Double value,
      Double threshold,
      String summary) {
    return new CheckOutcome(
        resource, instance, check, severity, value, threshold, summary, Map.of());
  }

  /** The alert identity within this host: {@code resource/instance/check}. */
  public String key() {
    return resource + "/" + (instance == null ? "" : instance) + "/" + check;
  }
}
