package io.botasky.notifier.policy;

import io.botasky.common.config.Durations;
import io.botasky.common.wire.AlertState;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * The text of {@code boird explain ALERT_ID}: which policy matched, which steps fired and when,
 * which will fire and when, and why not. Pure.
 */
public final class Explainer {
  private static final DateTimeFormatter T =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

  /** A ledger row as explain shows it. */
  public record Sent(
      int step,
      Kind kind,
      String channel,
      String target,
      String status,
      int attempts,
      String lastError,
      Instant sentAt) {}

  private Explainer() {}

  public static List<String> explain(
      AlertFacts a,
      Policy p,
      List<PlanRecord> plans,
      List<Sent> ledger,
      Instant silencedUntil,
      Instant now) {
    return explain(a, p, plans, ledger, silencedUntil, null, null, now);
  }

  /**
   * @param held the maintenance window holding the alert back now, or null (docs/notifier.md,
   *     "Maintenance windows")
   * @param heldBack the parent holding the alert back now (docs/notifier.md, "Dependencies"), or
   *     null
   */
  public static List<String> explain(
      AlertFacts a,
      Policy p,
      List<PlanRecord> plans,
      List<Sent> ledger,
      Instant silencedUntil,
      MaintenanceGate.Held held,
      Suppression heldBack,
      Instant now) {
    List<String> out = new ArrayList<>();
    out.add(
        "alert "
            + a.id()
            + ": "
            + a.severity().wire()
            + " "
            + a.state().wire()
            + " "
            + a.host()
            + " "
            + a.resourceInstance()
            + " "
            + a.check()
            + " \""
            + a.summary()
            + "\"");
    out.add(
        "  first seen "
            + t(a.firstSeen())
            + ", last seen "
            + t(a.lastSeen())
            + ", "
            + a.occurrences()
            + " occurrence(s)");
    if (p == null) {
      out.add("policy: none matches and there is no [policy default]: nobody is notified");
      return out;
    }
    out.add(
        "policy: "
            + p.name()
            + (p.match().isEmpty()
                ? " (default: no policy above matched)"
                : " (first match in file order)"));
    int base = Sequences.base(a);
    if (base > 0) {
      out.add(
          "ack expired "
              + a.ackExpiries()
              + " time(s), last at "
              + t(Sequences.start(a))
              + ": the steps run again from step 1, delays counted from then (ACK_EXPIRED)");
    }
    if (silencedUntil != null) {
      out.add(
          "silenced until "
              + t(silencedUntil)
              + ": notifications are held back, the alert is still stored");
    }
    if (held != null) {
      out.add(
          "in maintenance window "
              + held.window().name()
              + " ("
              + held.window().origin()
              + ") until "
              + t(held.until())
              + ": notifications are held back, the alert is still stored; still open then, it"
              + " is decided again");
    }
    // seen: explain shows what the planner decided, so the alert counts as looked at before.
    History h =
        new History(
            plans,
            ledger.stream()
                .anyMatch(
                    s ->
                        s.kind().firing()
                            && !s.status().equals("failed")
                            && !s.channel().equals("action")),
            true);
    int epoch = Math.max(h.maxEpochFrom(base), base + a.severity().rank());
    for (Step s : p.steps()) {
      StringBuilder line = new StringBuilder("step " + s.number() + " (" + s.describe() + "): ");
      List<PlanRecord> fired =
          plans.stream().filter(r -> r.kind() == Kind.STEP && r.step() == s.number()).toList();
      Instant due = Sequences.start(a).plus(s.delay());
      boolean firedInSequence = fired.stream().anyMatch(r -> r.epoch() >= base);
      if (!fired.isEmpty()) {
        List<String> parts = new ArrayList<>();
        for (PlanRecord r : fired) {
          parts.add(
              "fired at "
                  + t(r.at())
                  + " ("
                  + r.reason()
                  + ", at "
                  + io.botasky.common.wire.Severity.ofRank(Sequences.rank(r.epoch())).wire()
                  + ")");
        }
        line.append(String.join("; ", parts));
        for (Sent x : ledger) {
          if (x.step() == s.number() && x.kind() != Kind.RESOLVED) {
            line.append("\n    ").append(sent(x));
          }
        }
      }
      if (!fired.isEmpty()) {
        // Fired only before the last ack expiry: say when it fires again in this sequence.
        if (!firedInSequence && base > 0 && a.state() == AlertState.FIRING) {
          line.append("\n    since the ack expired: ")
              .append(due.isAfter(now) ? "will fire at " + t(due) : "due since " + t(due));
        }
      } else if (a.state() == AlertState.ACKED) {
        line.append("skipped: acked by ").append(a.ackedBy()).append(" at ").append(t(a.ackedAt()));
        if (a.ackComment() != null && !a.ackComment().isEmpty()) {
          line.append(" (\"").append(a.ackComment()).append("\")");
        }
      } else if (a.state() == AlertState.RESOLVED
          && plans.stream()
              .anyMatch(r -> r.reason() == Reason.RESOLVED_LATE && r.step() == s.number())) {
        line.append(
            "not fired: the alert reached the notifier resolved; a late notice went instead");
      } else if (a.state() == AlertState.RESOLVED) {
        line.append("not fired: resolved at ")
            .append(t(a.resolvedAt()))
            .append(" before its delay");
      } else if (held != null) {
        line.append("held back by maintenance window ")
            .append(held.window().name())
            .append(" until ")
            .append(t(held.until()))
            .append(due.isAfter(now) ? "; due " + t(due) : "");
      } else if (silencedUntil != null) {
        line.append("held back by a silence until ")
            .append(t(silencedUntil))
            .append(due.isAfter(now) ? "; due " + t(due) : "");
      } else if (heldBack != null) {
        line.append("held back by ")
            .append(heldBack.describe())
            .append(due.isAfter(now) ? "; due " + t(due) : "");
      } else if (due.isAfter(now)) {
        line.append("will fire at ")
            .append(t(due))
            .append(" (in ")
            .append(Durations.format(Duration.ofSeconds(Duration.between(now, due).toSeconds())))
            .append(") unless acked or resolved");
      } else {
        line.append("due since ").append(t(due)).append(", waiting for the notifier");
      }
      out.add(line.toString());
    }
    for (PlanRecord r : plans) {
      if (r.kind() == Kind.REPEAT) {
        out.add("repeat " + r.round() + " of step " + r.step() + ": fired at " + t(r.at()));
      }
    }
    if (p.repeat() != null) {
      EscalationDecision d = Escalator.decide(a, p, h, silencedUntil, now);
      String what = "repeat every " + Durations.format(p.repeat()) + ": ";
      if (a.state() == AlertState.ACKED) {
        out.add(what + "stopped: acked by " + a.ackedBy() + " at " + t(a.ackedAt()));
      } else if (a.state() == AlertState.RESOLVED) {
        out.add(what + "stopped: resolved");
      } else if (d.nextCheck() != null) {
        out.add(what + "next check " + t(d.nextCheck()));
      }
    }
    String who =
        p.resolved() == null
            ? "everyone who heard of it"
            : p.resolved().channel() + " " + String.join(",", p.resolved().contacts());
    List<PlanRecord> rec = plans.stream().filter(r -> r.kind() == Kind.RESOLVED).toList();
    if (!rec.isEmpty() && rec.get(0).reason() == Reason.RESOLVED_LATE) {
      out.add(
          "late notice (RESOLVED_LATE): the notifier learned of the alert only once resolved,"
              + " after it had lived "
              + Durations.format(
                  Duration.ofSeconds(Duration.between(a.firstSeen(), a.resolvedAt()).toSeconds()))
              + "; planned at "
              + t(rec.get(0).at())
              + " to step(s) "
              + String.join(",", rec.stream().map(r -> String.valueOf(r.step())).toList())
              + "'s recipients");
      for (Sent x : ledger) {
        if (x.kind() == Kind.RESOLVED) {
          out.add("    " + sent(x));
        }
      }
    } else if (!rec.isEmpty()) {
      out.add("recovery notice (" + who + "): sent at " + t(rec.get(0).at()));
      for (Sent x : ledger) {
        if (x.kind() == Kind.RESOLVED) {
          out.add("    " + sent(x));
        }
      }
    } else if (a.state() == AlertState.RESOLVED) {
      out.add(
          "recovery notice ("
              + who
              + "): "
              + (h.heard() ? "due" : "none: nobody heard of the alert"));
    } else {
      out.add("recovery notice goes to " + who + " when it resolves");
    }
    for (Sent x : ledger) {
      if (x.kind() == Kind.FALLBACK) {
        out.add("fallback to log: " + sent(x));
      }
    }
    out.add(
        "decision now: "
            + MaintenanceGate.decide(a, p, h, held, silencedUntil, heldBack, now).reason()
            + " (severity epoch "
            + io.botasky.common.wire.Severity.ofRank(Sequences.rank(epoch)).wire()
            + (Sequences.sequence(epoch) > 0
                ? ", after ack expiry " + Sequences.sequence(epoch)
                : "")
            + ")");
    return out;
  }

  private static String sent(Sent x) {
    String s =
        x.channel() + " " + x.target() + ": " + x.status() + " (" + x.attempts() + " attempt(s)";
    if (x.sentAt() != null) {
      s += ", sent " + t(x.sentAt());
    }
    if (x.lastError() != null && !x.status().equals("sent")) {
      s += ", last error: " + x.lastError();
    }
    return s + ")";
  }

  private static String t(Instant i) {
    return i == null ? "-" : T.format(i);
  }
}
