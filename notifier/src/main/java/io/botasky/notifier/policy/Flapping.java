package io.botasky.notifier.policy;

import io.botasky.common.wire.AlertState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Flap detection (docs/notifier.md, "Flapping") as one pure function of (alert, policy, the
 * fingerprint's alert spans, flap state, silence, now), like {@link Escalator#decide}: no clock, no
 * database.
 *
 * <p>A fingerprint (host/resource/instance/check) changes state when one of its alerts opens
 * (firing at {@code first_seen}) or closes ({@code resolved_at}); a service that bounces opens and
 * closes one alert per bounce, so changes are counted across alert ids. With at least {@code
 * flap_changes} changes within the last {@code flap_window} it is flapping: the recipients of the
 * policy's first notifying step get one FLAPPING notice, then nothing is notified for any alert of
 * the fingerprint until no change happened for {@code flap_window}. Then the newest alert's state
 * is notified once: a firing one goes through its steps as usual (all the steps due by then), a
 * resolved one sends a RESOLVED notice to the FLAPPING notice's recipients.
 */
public final class Flapping {
  private Flapping() {}

  /**
   * One alert of the fingerprint: opened at {@code first_seen}, closed at {@code resolved_at} or
   * still open (null).
   */
  public record Span(long alertId, Instant opened, Instant closed) {}

  /**
   * The fingerprint's flap episode as stored ({@code notify_flapping}).
   *
   * @param since when the episode was detected
   * @param alertId the alert it was detected on (its plan carries the FLAPPING notice)
   * @param notified whether a FLAPPING notice was planned (not when silenced, acked or without a
   *     notifying step): only then does a resolved end earn a RESOLVED notice
   */
  public record State(Instant since, long alertId, boolean notified) {}

  /** What the planner does with the alert. */
  public enum Verdict {
    /** Not flapping: {@link Escalator#decide} decides as usual. */
    NORMAL,
    /** Flapping starts now: store the episode, plan {@code planned} (the FLAPPING notice). */
    START,
    /** Flapping (or superseded by a newer alert of the fingerprint): notify nothing. */
    HOLD,
    /**
     * Stable again: forget the episode; a firing alert goes to {@link Escalator#decide} (its plans
     * carry {@link Reason#FLAPPING_STABLE}), a resolved one gets {@code planned}.
     */
    END
  }

  /**
   * @param changes state changes of the fingerprint within the window ending now
   * @param lastChange the fingerprint's latest change, or null
   * @param nextCheck when to decide the alert again without it changing (the window running out
   *     after the last change), or null
   */
  public record FlapDecision(
      Verdict verdict,
      Reason reason,
      List<Planned> planned,
      int changes,
      Instant lastChange,
      Instant nextCheck) {
    public FlapDecision {
      planned = List.copyOf(planned);
    }
  }

  /**
   * Decides the flap side of {@code alert}.
   *
   * @param policy the matching policy (non-null: without one nobody is notified, flapping or not)
   * @param spans the fingerprint's alerts that changed within the window or are still open; must
   *     include {@code alert} itself
   * @param state the fingerprint's flap episode, or null when it is not flapping
   * @param silencedUntil end of the silence covering the alert now, or null
   */
  public static FlapDecision decide(
      AlertFacts alert,
      Policy policy,
      List<Span> spans,
      State state,
      Instant silencedUntil,
      Instant now) {
    FlapRule rule = policy.flapping();
    Instant from = now.minus(rule.window());
    int changes = 0;
    Instant last = null;
    Span newest = null;
    for (Span s : spans) {
      for (Instant t : new Instant[] {s.opened(), s.closed()}) {
        if (t == null) {
          continue;
        }
        // A change at exactly now - window has left the window (docs/notifier.md, "Flapping").
        if (t.isAfter(from)) {
          changes++;
        }
        if (last == null || t.isAfter(last)) {
          last = t;
        }
      }
      if (newest == null
          || s.opened().isAfter(newest.opened())
          || s.opened().equals(newest.opened()) && s.alertId() > newest.alertId()) {
        newest = s;
      }
    }
    boolean isNewest = newest == null || newest.alertId() == alert.id();
    Instant stableAt = last == null ? now : last.plus(rule.window());
    if (state == null) {
      if (rule.off() || changes < rule.changes()) {
        return new FlapDecision(Verdict.NORMAL, null, List.of(), changes, last, null);
      }
      Step first = firstNotifying(policy);
      if (first == null || silencedUntil != null || alert.state() == AlertState.ACKED) {
        return new FlapDecision(
            Verdict.START, Reason.FLAPPING_QUIET, List.of(), changes, last, stableAt);
      }
      List<Planned> notice =
          List.of(
              new Planned(
                  0,
                  Kind.FLAPPING,
                  first.number(),
                  0,
                  Reason.FLAPPING_STARTED,
                  new Recipients(first.channel(), first.contacts())));
      return new FlapDecision(
          Verdict.START, Reason.FLAPPING_STARTED, notice, changes, last, stableAt);
    }
    boolean stable = rule.off() || !stableAt.isAfter(now);
    if (!stable) {
      return new FlapDecision(
          Verdict.HOLD, Reason.FLAPPING_HELD, List.of(), changes, last, stableAt);
    }
    if (!isNewest) {
      // Only the newest alert tells the current state; an older one is history.
      return new FlapDecision(Verdict.HOLD, Reason.FLAPPING_HELD, List.of(), changes, last, null);
    }
    List<Planned> out = new ArrayList<>();
    Step first = firstNotifying(policy);
    if (alert.state() == AlertState.RESOLVED
        && state.notified()
        && silencedUntil == null
        && first != null) {
      out.add(
          new Planned(
              0,
              Kind.RESOLVED,
              0,
              0,
              Reason.FLAPPING_STABLE,
              new Recipients(first.channel(), first.contacts())));
    }
    return new FlapDecision(Verdict.END, Reason.FLAPPING_STABLE, out, changes, last, null);
  }

  /** The step whose recipients hear of flapping: the policy's first one that notifies people. */
  public static Step firstNotifying(Policy policy) {
    for (Step s : policy.steps()) {
      if (!s.isAction()) {
        return s;
      }
    }
    return null;
  }
}
