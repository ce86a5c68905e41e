package io.botasky.collector.inventory;

import io.botasky.collector.store.Service;
import io.botasky.common.wire.AlertState;
import io.botasky.common.wire.AlertView;
import io.botasky.common.wire.Severity;
import java.util.List;

/**
 * A service's state as the collector shows it (docs/collector.md, "Service states"), a pure
 * function of the agent's entry, the host's liveness, the service's open alerts and the time:
 *
 * <ol>
 *   <li>{@code stale} when the host is down (an open host_down, or no heartbeat for host_timeout)
 *       or the service has not reported for three intervals (a service never checked counts from
 *       when it was first stored; after a collector start, from the start at the latest);
 *   <li>{@code critical} / {@code warning} from its worst firing or acked alert ({@code acked} when
 *       that alert is acked);
 *   <li>{@code unknown} when the agent's latest round could not judge, or the service's open alert
 *       says so ({@code probe_failed}, a check's {@code unknown}), with no other alert open;
 *   <li>the agent's {@code warning} / {@code critical} while its alert is on its way;
 *   <li>else {@code ok}.
 * </ol>
 *
 * The summary is the worst alert's, else the agent's.
 */
public final class ServiceStateDecider {
  /** How many intervals without a check make a service stale. */
  static final int STALE_INTERVALS = 3;

  private static final String PROBE_FAILED = "probe_failed";

  private ServiceStateDecider() {}

  /**
   * The facts of one decision.
   *
   * @param hostDown the host has an open host_down
   * @param hostLastSeen the host's last heartbeat, epoch ms
   * @param hostTimeoutMs {@code host_timeout}
   * @param startedAt when this collector started: silence is counted from then at the latest
   * @param alerts the open alerts of the service's host (the decider picks the service's own)
   */
  public record Facts(
      Service service,
      boolean hostDown,
      long hostLastSeen,
      long hostTimeoutMs,
      long startedAt,
      List<AlertView> alerts,
      long now) {}

  /** A derived state, its acked flag and summary, and why. */
  public record Decision(String state, boolean acked, String summary, String reason) {}

  /**
   * Whether the service owns an alert of {@code host/resource/instance/check}: same host and
   * resource, and any instance when the service has none, else the same one (docs/api.md, "Service
   * inventory"). A {@code system/<probe>/probe_failed} alert belongs to the section whose probe
   * failed ({@code system/mysql:3306/probe_failed} to {@code [mysql:3306]}, {@code
   * system/system/cpu/probe_failed} to {@code [system]}), not to {@code [system]} as a whole.
   */
  public static boolean owns(
      Service s, String host, String resource, String instance, String check) {
    if (!s.host().equals(host)) {
      return false;
    }
    if (resource.equals("system") && check.equals(PROBE_FAILED)) {
      int slash = instance.indexOf('/');
      return sectionName(s).equals(slash < 0 ? instance : instance.substring(0, slash));
    }
    return s.resource().equals(resource)
        && (s.instance().isEmpty() || s.instance().equals(instance));
  }

  /**
   * The agent's section name of a service, which is also its probes' id: {@code mysql:3306}, {@code
   * system}, {@code keepalived}, {@code mfsmaster} (docs/api.md, "Service inventory").
   */
  static String sectionName(Service s) {
    if (s.instance().isEmpty()) {
      return s.resource();
    }
    return s.resource().equals("mfs") ? s.instance() : s.resource() + ":" + s.instance();
  }

  /**
   * Whether an alert says the service could not be judged rather than that it is in trouble: a
   * failed probe round, or a check's {@code unknown} (a plugin's exit 3).
   */
  static boolean couldNotJudge(AlertView a) {
    return a.check().equals(PROBE_FAILED) || a.check().equals("unknown");
  }

  public static Decision decide(Facts f) {
    Service s = f.service();
    String agentSummary = s.entry().summary();
    AlertView worst = null;
    AlertView unjudged = null;
    for (AlertView a : f.alerts()) {
      if (a.state() == AlertState.RESOLVED
          || !a.severity().atLeast(Severity.WARNING)
          || !owns(s, a.host(), a.resource(), a.instance(), a.check())) {
        continue;
      }
      if (couldNotJudge(a)) {
        unjudged = unjudged == null ? a : unjudged;
        continue;
      }
      if (worst == null
          || a.severity().compareTo(worst.severity()) > 0
          || (a.severity() == worst.severity()
              && worst.state() == AlertState.ACKED
              && a.state() == AlertState.FIRING)) {
        worst = a;
      }
    }
    if (worst == null && unjudged != null) {
      agentSummary = unjudged.summary();
    }
    String summary = worst != null ? worst.summary() : agentSummary;
    boolean acked = worst != null && worst.state() == AlertState.ACKED;
    if (f.hostDown()) {
      return new Decision("stale", acked, summary, "host is down (open host_down)");
    }
    if (f.now() - Math.max(f.hostLastSeen(), f.startedAt()) > f.hostTimeoutMs()) {
      return new Decision("stale", acked, summary, "no heartbeat for longer than host_timeout");
    }
    long checked = s.entry().lastCheck() == 0 ? s.firstSeen() : s.entry().lastCheck();
    long overdue = STALE_INTERVALS * s.entry().interval() * 1000L;
    if (f.now() - Math.max(checked, f.startedAt()) > overdue) {
      return new Decision(
          "stale",
          acked,
          summary,
          "no check for more than "
              + STALE_INTERVALS
              + " intervals of "
              + s.entry().interval()
              + " s");
    }
    if (worst != null) {
      return new Decision(
          worst.severity().wire(),
          acked,
          summary,
          (acked ? "acked " : "firing ") + worst.check() + " alert #" + worst.id());
    }
    String agent = s.entry().state();
    if (unjudged != null) {
      return new Decision(
          "unknown",
          false,
          summary,
          "open " + unjudged.check() + " alert #" + unjudged.id() + ": the service was not judged");
    }
    if (agent.equals("unknown")) {
      return new Decision("unknown", false, summary, "the agent's latest round could not judge");
    }
    if (agent.equals("warning") || agent.equals("critical")) {
      return new Decision(
          agent, false, summary, "the agent reports " + agent + " (its alert is on its way)");
    }
    return new Decision("ok", false, summary, "checked, nothing firing");
  }
}
