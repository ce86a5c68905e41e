package io.botasky.notifier.policy;

import io.botasky.common.wire.AlertState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The escalation rules as one pure function of (alert, policy, history, silence, now): no clock, no
 * database. The planner calls it; tests drive it with any instant.
 */
public final class Escalator {
  private Escalator() {}

  /**
   * Decides what is due for {@code alert}.
   *
   * @param policy the matching policy, or null when none matches
   * @param silencedUntil end of the silence covering the alert now, or null
   */
  public static EscalationDecision decide(
      AlertFacts alert, Policy policy, History history, Instant silencedUntil, Instant now) {
    if (policy == null) {
      return EscalationDecision.nothing(Reason.NO_POLICY, null);
    }
    if (alert.state() == AlertState.RESOLVED) {
      return resolved(alert, history, policy, silencedUntil);
    }
    if (alert.state() == AlertState.ACKED) {
      return EscalationDecision.nothing(Reason.STOPPED_ACKED, null);
    }
    if (silencedUntil != null) {
      return EscalationDecision.nothing(Reason.SUPPRESSED_SILENCED, silencedUntil);
    }
    // Each ack expiry starts a new sequence of epochs, its delays counted from the expiry
    // (Sequences; docs/notifier.md, "Ack expiry").
    int base = Sequences.base(alert);
    int maxEpoch = history.maxEpochFrom(base);
    int rank = base + alert.severity().rank();
    boolean rose = maxEpoch >= 0 && rank > maxEpoch;
    boolean afterExpiry = base > 0 && maxEpoch < 0;
    // A fall in severity keeps the sequence it is in; only a rise starts a new one.
    int epoch = Math.max(rank, maxEpoch);

    List<Planned> due = new ArrayList<>();
    Instant nextStep = null;
    for (Step s : policy.steps()) {
      if (history.has(epoch, Kind.STEP, s.number(), 0)) {
        continue;
      }
      if (s.isAction() && doneInAnyEpoch(history, s)) {
        // Once per firing alert: a rise in severity re-notifies people, it does not re-run a
        // restart (docs/notifier.md).
        continue;
      }
      Instant at = Sequences.start(alert).plus(s.delay());
      if (!at.isAfter(now)) {
        Reason why =
            rose ? Reason.SEVERITY_ROSE : afterExpiry ? Reason.ACK_EXPIRED : Reason.STEP_DUE;
        due.add(
            new Planned(
                epoch, Kind.STEP, s.number(), 0, why, new Recipients(s.channel(), s.contacts())));
      } else if (nextStep == null || at.isBefore(nextStep)) {
        nextStep = at;
      }
    }
    Instant nextRepeat = null;
    Step last = policy.repeatedStep();
    PlanRecord lastPlanned =
        last == null
            ? null
            : history.plans().stream()
                .filter(
                    p -> p.epoch() == epoch && p.kind() == Kind.STEP && p.step() == last.number())
                .findFirst()
                .orElse(null);
    boolean lastDueNow = last != null && due.stream().anyMatch(p -> p.step() == last.number());
    if (policy.repeat() != null && lastPlanned != null && !lastDueNow) {
      int doneRound =
          history.plans().stream()
              .filter(p -> p.epoch() == epoch && p.kind() == Kind.REPEAT)
              .mapToInt(PlanRecord::round)
              .max()
              .orElse(0);
      Duration every = policy.repeat();
      long elapsed = Duration.between(lastPlanned.at(), now).toMillis();
      // After an outage only the latest overdue round goes out, not one per missed interval.
      int round =
          elapsed < 0 ? 0 : (int) Math.min(Integer.MAX_VALUE - 1, elapsed / every.toMillis());
      if (round > doneRound) {
        due.add(
            new Planned(
                epoch,
                Kind.REPEAT,
                last.number(),
                round,
                Reason.REPEAT_DUE,
                new Recipients(last.channel(), last.contacts())));
        nextRepeat = lastPlanned.at().plus(every.multipliedBy(round + 1L));
      } else {
        nextRepeat = lastPlanned.at().plus(every.multipliedBy(doneRound + 1L));
      }
    } else if (policy.repeat() != null && lastDueNow) {
      nextRepeat = now.plus(policy.repeat());
    }
    Instant next = earliest(nextStep, nextRepeat);
    if (!due.isEmpty()) {
      return new EscalationDecision(due.get(0).reason(), due, next);
    }
    return EscalationDecision.nothing(next == null ? Reason.ALL_STEPS_DONE : Reason.NOT_DUE, next);
  }

  private static EscalationDecision resolved(
      AlertFacts alert, History history, Policy policy, Instant silencedUntil) {
    if (history.resolvedPlanned()) {
      return EscalationDecision.nothing(Reason.RESOLVED_DONE, null);
    }
    if (!history.heard()) {
      // Seen firing and not told: not due yet, or held back by a gate. Never seen: it reached the
      // notifier only once resolved (a collector restart, an agent's spool replayed late).
      return history.seen()
          ? EscalationDecision.nothing(Reason.RESOLVED_UNHEARD, null)
          : late(alert, policy, silencedUntil);
    }
    if (silencedUntil != null) {
      return EscalationDecision.nothing(Reason.SUPPRESSED_SILENCED, null);
    }
    int epoch = Math.max(0, history.maxEpoch());
    // Recipients null: the planner sends the notice to everyone who heard of the alert.
    return new EscalationDecision(
        Reason.RESOLVED_NOTICE,
        List.of(new Planned(epoch, Kind.RESOLVED, 0, 0, Reason.RESOLVED_NOTICE, policy.resolved())),
        null);
  }

  /**
   * An alert the notifier learned of only once resolved: one late notice to the recipients of each
   * step it lived long enough to reach (delay at most resolved_at - first_seen), saying so; none
   * for an alert that resolved within its first step's delay, which nobody would have heard of
   * anyway, nor for a silenced or acked one (docs/notifier.md, "Alerts that arrive resolved").
   */
  private static EscalationDecision late(AlertFacts alert, Policy policy, Instant silencedUntil) {
    if (silencedUntil != null) {
      return EscalationDecision.nothing(Reason.SUPPRESSED_SILENCED, null);
    }
    if (alert.ackedBy() != null || alert.resolvedAt() == null) {
      return EscalationDecision.nothing(Reason.RESOLVED_UNHEARD, null);
    }
    Duration lived = Duration.between(alert.firstSeen(), alert.resolvedAt());
    int epoch = alert.severity().rank();
    List<Planned> due = new ArrayList<>();
    for (Step s : policy.steps()) {
      // An action is for a firing alert; a late one has nothing left to restart.
      if (!s.isAction() && s.delay().compareTo(lived) <= 0) {
        due.add(
            new Planned(
                epoch,
                Kind.RESOLVED,
                s.number(),
                0,
                Reason.RESOLVED_LATE,
                new Recipients(s.channel(), s.contacts())));
      }
    }
    return due.isEmpty()
        ? EscalationDecision.nothing(Reason.RESOLVED_UNHEARD, null)
        : new EscalationDecision(Reason.RESOLVED_LATE, due, null);
  }

  private static boolean doneInAnyEpoch(History history, Step s) {
    return history.plans().stream().anyMatch(p -> p.kind() == Kind.STEP && p.step() == s.number());
  }

  private static Instant earliest(Instant a, Instant b) {
    if (a == null) {
      return b;
    }
    return b == null || a.isBefore(b) ? a : b;
  }
}
