package io.botasky.notifier.policy;

import io.botasky.common.wire.AlertState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Dependencies as a pure function (docs/notifier.md, "Dependencies"): built once per planner pass
 * from the parents firing then (one query), it answers for each alert which parent, if any, holds
 * its notifications back. A parent is firing or acked — an acked parent still suppresses: the
 * problem is known, not gone. Two rules:
 *
 * <ul>
 *   <li>built in: while {@code host/host_down} fires for a host, the host's other alerts;
 *   <li>{@code [dependency NAME]}: while an alert matching {@code parent} fires (any host), alerts
 *       matching {@code children} (any host).
 * </ul>
 *
 * The built-in rule is tried first, then the sections in file order; within a rule the parent with
 * the lowest id wins, so the answer does not depend on the order rows were read.
 */
public final class Suppressor {
  private final Map<String, AlertFacts> hostDown;
  private final List<Dependency> rules;
  private final List<AlertFacts> ruleParents;

  private Suppressor(
      Map<String, AlertFacts> hostDown, List<Dependency> rules, List<AlertFacts> ruleParents) {
    this.hostDown = hostDown;
    this.rules = rules;
    this.ruleParents = ruleParents;
  }

  /** No parent fires: nothing is suppressed. */
  public static Suppressor none() {
    return new Suppressor(Map.of(), List.of(), List.of());
  }

  /**
   * @param parents alerts that may be parents (more is harmless: resolved ones and non-parents are
   *     ignored here)
   */
  public static Suppressor of(List<AlertFacts> parents, List<Dependency> rules) {
    Map<String, AlertFacts> down = new HashMap<>();
    List<Dependency> used = new ArrayList<>();
    List<AlertFacts> first = new ArrayList<>();
    for (AlertFacts p : parents) {
      if (p.state() != AlertState.RESOLVED && isHostDown(p)) {
        down.merge(p.host(), p, (x, y) -> x.id() <= y.id() ? x : y);
      }
    }
    for (Dependency d : rules) {
      AlertFacts best = null;
      for (AlertFacts p : parents) {
        if (p.state() != AlertState.RESOLVED
            && d.isParent(p)
            && (best == null || p.id() < best.id())) {
          best = p;
        }
      }
      if (best != null) {
        used.add(d);
        first.add(best);
      }
    }
    return new Suppressor(down, used, first);
  }

  public static boolean isHostDown(AlertFacts a) {
    return "host".equals(a.resource()) && "host_down".equals(a.check());
  }

  /** Whether any parent fires at all (when none does, nothing needs looking at). */
  public boolean isEmpty() {
    return hostDown.isEmpty() && rules.isEmpty();
  }

  /** The parent holding {@code a} back, or null. Says nothing about {@code a}'s own state. */
  public Suppression of(AlertFacts a) {
    AlertFacts down = hostDown.get(a.host());
    if (down != null && down.id() != a.id() && !isHostDown(a)) {
      return new Suppression(down.id(), headline(down), Suppression.HOST_DOWN);
    }
    for (int i = 0; i < rules.size(); i++) {
      Dependency d = rules.get(i);
      AlertFacts p = ruleParents.get(i);
      if (p.id() != a.id() && d.isChild(a)) {
        return new Suppression(p.id(), headline(p), Suppression.ruleOf(d));
      }
    }
    return null;
  }

  /**
   * {@link Escalator#decide}, with a firing child of a firing parent held back: nothing is planned
   * and the reason is {@link Reason#SUPPRESSED_BY_PARENT}, as is one that reached the notifier
   * already resolved (no late notice). Acked, resolved (a recovery notice to those who heard of it
   * before the parent fired) and silenced alerts, and alerts no policy matches, are decided as
   * without dependencies.
   *
   * @param suppression the parent holding the alert back now ({@link #of}), or null
   */
  public static EscalationDecision decide(
      AlertFacts alert,
      Policy policy,
      History history,
      Instant silencedUntil,
      Suppression suppression,
      Instant now) {
    // An alert arriving resolved under a firing parent is held back too: no late notice for it,
    // the parent's mail lists it.
    boolean arrivedResolved =
        alert.state() == AlertState.RESOLVED && !history.heard() && !history.seen();
    if (suppression != null
        && policy != null
        && (alert.state() == AlertState.FIRING || arrivedResolved)
        && silencedUntil == null) {
      return EscalationDecision.nothing(Reason.SUPPRESSED_BY_PARENT, null);
    }
    return Escalator.decide(alert, policy, history, silencedUntil, now);
  }

  static String headline(AlertFacts a) {
    return a.host() + " " + a.resourceInstance() + " " + a.check();
  }
}
