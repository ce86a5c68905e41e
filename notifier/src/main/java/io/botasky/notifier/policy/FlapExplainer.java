package io.botasky.notifier.policy;

import io.botasky.common.config.Durations;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * The flapping lines of {@code boird explain ALERT_ID} (docs/notifier.md, "Flapping"): how many
 * changes the fingerprint made in the window, whether it is flapping and since when, what was
 * notified, and the flap decision now. Pure.
 */
public final class FlapExplainer {
  private static final DateTimeFormatter T =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

  private FlapExplainer() {}

  public static List<String> explain(
      AlertFacts a,
      Policy p,
      List<Flapping.Span> spans,
      Flapping.State state,
      List<PlanRecord> plans,
      Instant silencedUntil,
      Instant now) {
    List<String> out = new ArrayList<>();
    FlapRule rule = p.flapping();
    if (rule.off() && state == null) {
      out.add("flapping: detection off (flap_changes = 0)");
      return out;
    }
    Flapping.FlapDecision d = Flapping.decide(a, p, spans, state, silencedUntil, now);
    out.add(
        "flapping: "
            + d.changes()
            + " state change(s) of "
            + a.host()
            + " "
            + a.resourceInstance()
            + " "
            + a.check()
            + " across "
            + spans.size()
            + " alert(s) in the last "
            + Durations.format(rule.window())
            + " (flapping at "
            + rule.changes()
            + ")"
            + (d.lastChange() == null ? "" : ", last at " + t(d.lastChange())));
    if (state != null) {
      out.add(
          "  flapping since "
              + t(state.since())
              + " (detected on alert "
              + state.alertId()
              + "): "
              + (state.notified()
                  ? "FLAPPING notice sent to the first notifying step's recipients"
                  : "no FLAPPING notice (silenced, acked or no notifying step)")
              + "; no FIRING or RESOLVED until stable for "
              + Durations.format(rule.window()));
      if (d.nextCheck() != null) {
        out.add("  stable at " + t(d.nextCheck()) + " unless it changes again");
      }
    }
    for (PlanRecord r : plans) {
      if (r.reason() == Reason.FLAPPING_STARTED) {
        out.add("  FLAPPING notice (step " + r.step() + "): planned at " + t(r.at()));
      } else if (r.reason() == Reason.FLAPPING_STABLE) {
        out.add(
            "  stable again: "
                + (r.kind() == Kind.RESOLVED ? "RESOLVED" : "FIRING (step " + r.step() + ")")
                + " planned at "
                + t(r.at()));
      }
    }
    out.add(
        "flap decision now: "
            + (d.reason() == null ? "NOT_FLAPPING" : d.reason().name())
            + (d.verdict() == Flapping.Verdict.NORMAL ? " (escalation as usual)" : ""));
    return out;
  }

  private static String t(Instant i) {
    return T.format(i);
  }
}
