package io.botasky.notifier.policy;

import io.botasky.common.time.WindowSchedule;
import io.botasky.common.time.WindowSchedule.Occurrence;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A maintenance window (docs/notifier.md, "Maintenance windows"): a {@code [maintenance NAME]}
 * section of the escalation file, or a row of the collector's {@code maintenance} table. While it
 * is active, the alerts it matches are stored but nobody is notified.
 *
 * @param origin where it comes from, for people: {@code file:LINE} or {@code api #ID}
 * @param every the recurring schedule, or null for a one-off window from the API
 * @param startsAt start of a one-off window (null when recurring)
 * @param endsAt end of a one-off window (null when recurring)
 */
public record MaintenanceWindow(
    String name,
    String origin,
    List<Condition> match,
    WindowSchedule every,
    Instant startsAt,
    Instant endsAt,
    String comment) {
  public MaintenanceWindow {
    match = List.copyOf(match);
  }

  public boolean matches(AlertFacts alert) {
    return match.stream().allMatch(c -> c.test(alert));
  }

  /** The occurrence covering {@code now}, if any. */
  public Optional<Occurrence> active(Instant now) {
    if (every != null) {
      return every.active(now);
    }
    Occurrence o = new Occurrence(startsAt, endsAt);
    return o.covers(now) ? Optional.of(o) : Optional.empty();
  }
}
