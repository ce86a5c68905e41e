package io.botasky.notifier.policy;

import io.botasky.common.time.WindowSchedule.Occurrence;
import io.botasky.common.wire.AlertState;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Maintenance windows in front of {@link Escalator#decide}: pure, like it. During a window that
 * matches the alert nothing goes out and the alert is looked at again at the window's end, so one
 * still firing then is notified then (docs/notifier.md, "Maintenance windows").
 */
public final class MaintenanceGate {
  private MaintenanceGate() {}

  /** The window holding an alert back, and until when. */
  public record Held(MaintenanceWindow window, Instant until) {}

  /**
   * The active window matching {@code a} that ends last (so back-to-back or overlapping windows
   * hold it until the last one ends), or null.
   */
  public static Held heldBy(List<MaintenanceWindow> windows, AlertFacts a, Instant now) {
    Held best = null;
    for (MaintenanceWindow w : windows) {
      if (!w.matches(a)) {
        continue;
      }
      Optional<Occurrence> o = w.active(now);
      if (o.isPresent() && (best == null || o.get().end().isAfter(best.until()))) {
        best = new Held(w, o.get().end());
      }
    }
    return best;
  }

  /**
   * What {@link Escalator#decide} would decide, unless {@code held}: then nothing, with reason
   * {@link Reason#SUPPRESSED_MAINTENANCE} and a next check at the window's end. Not held back: an
   * alert without a policy, an acked one (escalation stopped anyway), and a resolved one nobody
   * heard of or whose recovery notice went out (nothing would be sent). A resolved alert somebody
   * heard of before the window gets its recovery notice when the window ends; one that arrives
   * resolved during the window gets no late notice (decided again at the window's end, it is no
   * longer new).
   */
  public static EscalationDecision decide(
      AlertFacts a, Policy p, History h, Held held, Instant silencedUntil, Instant now) {
    if (held == null
        || p == null
        || a.state() == AlertState.ACKED
        || a.state() == AlertState.RESOLVED && (!h.heard() && h.seen() || h.resolvedPlanned())) {
      return Escalator.decide(a, p, h, silencedUntil, now);
    }
    return EscalationDecision.nothing(Reason.SUPPRESSED_MAINTENANCE, held.until());
  }

  /**
   * The decision under a window and a firing parent, as the planner takes it and {@code boird
   * explain} shows it (docs/notifier.md): a window matching the alert wins; otherwise a parent
   * holds it back ({@link Suppressor#decide}).
   */
  public static EscalationDecision decide(
      AlertFacts a,
      Policy p,
      History h,
      Held held,
      Instant silencedUntil,
      Suppression parent,
      Instant now) {
    return held != null
        ? decide(a, p, h, held, silencedUntil, now)
        : Suppressor.decide(a, p, h, silencedUntil, parent, now);
  }
}
