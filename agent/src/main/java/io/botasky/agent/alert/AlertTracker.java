package io.botasky.agent.alert;

import io.botasky.agent.probe.CheckOutcome;
import io.botasky.common.wire.AlertEvent;
import io.botasky.common.wire.AlertState;
import io.botasky.common.wire.Severity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Turns check outcomes into alert events: only on a change of state (firing, severity change,
 * resolved), after debounce, with hysteresis, each event with a fresh UUID. Firing alerts are
 * offered again every {@code resendEvery} under the same event id, so a collector that lost one
 * learns it again and one that has it stores nothing new.
 *
 * <p>Thread-safe; the decision itself is the pure {@link #decide} function.
 */
public final class AlertTracker {
  private final AlertPolicy policy;
  private final Supplier<UUID> ids;
  private final Map<String, State> states = new HashMap<>();

  public AlertTracker(AlertPolicy policy, Supplier<UUID> ids) {
    this.policy = policy;
    this.ids = ids;
  }

  /** Per alert key: what the tracker remembers between rounds. */
  private static final class State {
    final String owner;
    int streak;
    Severity severity;
    Double threshold;
    AlertEvent firing;
    Instant lastSent;

    State(String owner) {
      this.owner = owner;
    }
  }

  /**
   * One complete round of probe {@code owner}: decides every outcome, and resolves the alerts this
   * owner raised earlier that the round no longer mentions (a runaway process that exited, an
   * unmounted disk, a user no longer root).
   */
  public synchronized List<AlertEvent> observeRound(
      String owner, Collection<CheckOutcome> outcomes, Instant now) {
    List<AlertEvent> out = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (CheckOutcome o : outcomes) {
      seen.add(o.key());
      observe(owner, o, now).ifPresent(out::add);
    }
    for (Iterator<Map.Entry<String, State>> it = states.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<String, State> e = it.next();
      State st = e.getValue();
      if (st.owner.equals(owner) && !seen.contains(e.getKey())) {
        if (st.firing != null) {
          AlertEvent f = st.firing;
          out.add(
              event(
                  f.resource(),
                  f.instance(),
                  f.check(),
                  AlertState.RESOLVED,
                  st.severity,
                  null,
                  st.threshold,
                  "gone: " + f.summary(),
                  Map.of(),
                  now));
        }
        it.remove();
      }
    }
    return out;
  }

  /** Decides one outcome without touching other alerts of the owner; the event, if one is due. */
  public synchronized java.util.Optional<AlertEvent> observe(
      String owner, CheckOutcome o, Instant now) {
    State st = states.get(o.key());
    boolean metric = o.threshold() != null || (st != null && st.threshold != null && o.ok());
    return observe(owner, o, now, metric ? policy.debounceMetric() : policy.debounceDown());
  }

  /**
   * Decides one outcome that needs no confirmation: the agent's own facts, like a refused reload
   * (docs/operations.md, "Reload"), fire and resolve at the first outcome.
   */
  public synchronized java.util.Optional<AlertEvent> observeAtOnce(
      String owner, CheckOutcome o, Instant now) {
    return observe(owner, o, now, 1);
  }

  private java.util.Optional<AlertEvent> observe(
      String owner, CheckOutcome o, Instant now, int needed) {
    State st = states.computeIfAbsent(o.key(), k -> new State(owner));
    AlertDecision d =
        decide(st.severity, st.threshold, st.streak, o, needed, policy.hysteresisPercent());
    st.streak = o.ok() ? 0 : st.streak + 1;
    switch (d.reason()) {
      case FIRE, SEVERITY_CHANGE -> {
        st.severity = d.severity();
        st.threshold = o.threshold();
        st.firing =
            event(
                o.resource(),
                o.instance(),
                o.check(),
                AlertState.FIRING,
                d.severity(),
                o.value(),
                o.threshold(),
                o.summary(),
                o.details(),
                now);
        st.lastSent = now;
        return java.util.Optional.of(st.firing);
      }
      case RESOLVE -> {
        AlertEvent resolved =
            event(
                o.resource(),
                o.instance(),
                o.check(),
                AlertState.RESOLVED,
                st.severity,
                o.value(),
                st.threshold,
                o.summary(),
                o.details(),
                now);
        states.remove(o.key());
        return java.util.Optional.of(resolved);
      }
      case STILL_OK -> {
        if (st.firing == null && st.streak == 0) {
          states.remove(o.key());
        }
        return java.util.Optional.empty();
      }
      default -> {
        return java.util.Optional.empty();
      }
    }
  }

  /**
   * The pure decision for one alert.
   *
   * @param current the severity it fires at now, null when not firing
   * @param currentThreshold the threshold it fired at, null for a down check
   * @param streak failures in a row before this outcome
   * @param needed failures in a row needed to fire
   */
  public static AlertDecision decide(
      Severity current,
      Double currentThreshold,
      int streak,
      CheckOutcome o,
      int needed,
      double hysteresisPercent) {
    Severity next = o.severity();
    if (current == null) {
      if (next == null) {
        return new AlertDecision(AlertDecision.Reason.STILL_OK, null);
      }
      return streak + 1 >= needed
          ? new AlertDecision(AlertDecision.Reason.FIRE, next)
          : new AlertDecision(AlertDecision.Reason.DEBOUNCING, null);
    }
    boolean better = next == null || next.compareTo(current) < 0;
    if (better && currentThreshold != null && o.value() != null) {
      double margin = currentThreshold * hysteresisPercent / 100.0;
      if (o.value() > currentThreshold - margin) {
        return new AlertDecision(AlertDecision.Reason.HELD_BY_HYSTERESIS, current);
      }
    }
    if (next == null) {
      return new AlertDecision(AlertDecision.Reason.RESOLVE, null);
    }
    return next == current
        ? new AlertDecision(AlertDecision.Reason.STILL_FIRING, current)
        : new AlertDecision(AlertDecision.Reason.SEVERITY_CHANGE, next);
  }

  /** Firing alerts not sent for {@code resendEvery}: sent again with the same event id. */
  public synchronized List<AlertEvent> resendDue(Instant now) {
    List<AlertEvent> out = new ArrayList<>();
    for (State st : states.values()) {
      if (st.firing != null && !now.isBefore(st.lastSent.plus(policy.resendEvery()))) {
        st.lastSent = now;
        out.add(st.firing);
      }
    }
    return out;
  }

  /**
   * A firing alert with the probe that raised it: what {@link FiringStore} keeps across restarts.
   */
  public record Owned(String owner, AlertEvent event) {}

  /** Every firing alert with its owner. */
  public synchronized List<Owned> firingOwned() {
    return states.values().stream()
        .filter(s -> s.firing != null)
        .map(s -> new Owned(s.owner, s.firing))
        .toList();
  }

  /**
   * Takes back alerts that were firing when the agent last stopped, so that a condition that
   * cleared while it was down is resolved at the first round instead of staying open forever at the
   * collector, and one that persists is not announced a second time.
   */
  public synchronized void restore(List<Owned> firing) {
    for (Owned o : firing) {
      AlertEvent e = o.event();
      State st = new State(o.owner());
      st.severity = e.severity();
      st.threshold = e.threshold();
      st.firing = e;
      st.lastSent = e.observedAt();
      st.streak = 1;
      states.put(
          e.resource() + "/" + (e.instance() == null ? "" : e.instance()) + "/" + e.check(), st);
    }
  }

  /** The alerts firing now, for {@code boagent check} and the heartbeat. */
  public synchronized List<AlertEvent> firing() {
    return states.values().stream().filter(s -> s.firing != null).map(s -> s.firing).toList();
  }

  private AlertEvent event(
      String resource,
      String instance,
      String check,
      AlertState state,
      Severity severity,
      Double value,
      Double threshold,
      String summary,
      Map<String, Object> details,
      Instant now) {
    String s = summary == null ? check : summary;
    if (s.length() > AlertEvent.MAX_SUMMARY) {
      s = s.substring(0, AlertEvent.MAX_SUMMARY - 1) + "…";
    }
    return new AlertEvent(
        ids.get().toString(),
        resource,
        instance,
        check,
        state,
        severity,
        value,
        threshold,
        s,
        details == null ? Map.of() : details,
        now);
  }
}
