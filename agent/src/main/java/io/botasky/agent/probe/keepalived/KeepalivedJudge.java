package io.botasky.agent.probe.keepalived;

import io.botasky.agent.probe.CheckOutcome;
import io.botasky.common.wire.Severity;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The keepalived checks from one round's facts and the previous round's state. Pure. VIP presence
 * alone cannot tell a live master from a crashed one (SIGKILL leaves the address behind), so the
 * VIP counts as held only while keepalived runs and does not say it is BACKUP or FAULT.
 */
public final class KeepalivedJudge {
  /** The state name used when no keepalived runs (keepalived's own notify word for a stop). */
  static final String STOPPED = "STOP";

  private KeepalivedJudge() {}

  /**
   * The outcomes, the state to remember for the next round, and whether this host holds the VIP.
   */
  public record Verdict(List<CheckOutcome> outcomes, String state, boolean holdsVip) {}

  public static Verdict judge(KeepalivedSettings s, KeepalivedFacts f, String previousState) {
    List<CheckOutcome> out = new ArrayList<>();
    String state = f.alive() ? (f.state() != null ? f.state() : "UNKNOWN") : STOPPED;
    if (f.alive()) {
      out.add(
          new CheckOutcome(
              "keepalived",
              "keepalived",
              "process_down",
              null,
              (double) f.pid(),
              null,
              "keepalived runs as pid "
                  + f.pid()
                  + ", state "
                  + state
                  + (f.dumpProblem() != null ? " (" + f.dumpProblem() + ")" : ""),
              Map.of("pid", f.pid())));
    } else {
      out.add(
          CheckOutcome.failing(
              "keepalived",
              "keepalived",
              "process_down",
              Severity.CRITICAL,
              null,
              null,
              f.notRunningWhy()
                  + (f.vipPresent() ? "; VIP " + s.vip() + " is still configured (stale)" : "")));
    }
    boolean holds =
        f.alive() && f.vipPresent() && !"BACKUP".equals(state) && !"FAULT".equals(state);
    if ("master".equals(s.expect())) {
      if (holds && ("MASTER".equals(state) || "UNKNOWN".equals(state))) {
        out.add(
            CheckOutcome.ok(
                "keepalived",
                s.vip(),
                "vip_lost",
                1.0,
                "VIP " + s.vip() + " held, state " + state));
      } else {
        String why;
        if (!f.alive()) {
          why =
              f.vipPresent()
                  ? "keepalived is down and the VIP left on " + where(s) + " is stale"
                  : "keepalived is down";
        } else if (!f.vipPresent()) {
          why = "VIP not on " + where(s) + ", state " + state;
        } else {
          why = "state " + state;
        }
        out.add(
            new CheckOutcome(
                "keepalived",
                s.vip(),
                "vip_lost",
                Severity.CRITICAL,
                0.0,
                null,
                "expected MASTER with VIP " + s.vip() + ": " + why,
                Map.of("state", state, "vip_present", f.vipPresent())));
      }
    }
    if ("UNKNOWN".equals(state)) {
      // No dump this round is no information, not a state: no note (the caller keeps the last known
      // one).
      out.add(
          CheckOutcome.ok(
              "keepalived", "keepalived", "state_change", null, "VRRP state unknown this round"));
      return new Verdict(List.copyOf(out), state, holds);
    }
    if (previousState != null && !previousState.equals(state)) {
      out.add(
          new CheckOutcome(
              "keepalived",
              "keepalived",
              "state_change",
              Severity.NOTE,
              null,
              null,
              "VRRP state " + previousState + " -> " + state,
              Map.of("from", previousState, "to", state)));
    } else {
      out.add(
          CheckOutcome.ok("keepalived", "keepalived", "state_change", null, "VRRP state " + state));
    }
    return new Verdict(List.copyOf(out), state, holds);
  }

  private static String where(KeepalivedSettings s) {
    return s.iface().isEmpty() ? "any interface" : s.iface();
  }
}
