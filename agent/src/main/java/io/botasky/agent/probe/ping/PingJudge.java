package io.botasky.agent.probe.ping;

import io.botasky.agent.probe.CheckOutcome;
import io.botasky.agent.probe.ProbeException;
import io.botasky.common.text.SafeText;
import io.botasky.common.wire.Severity;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Turns one parsed ping run into the checks {@code unreachable}, {@code packet_loss} and {@code
 * rtt} (docs/probes/ping.md). Pure. A run that cannot judge the host (no permission to ping, an
 * output not understood) throws, and becomes the section's {@code probe_failed}.
 */
public final class PingJudge {
  private PingJudge() {}

  /** What ping needs that a host may lack: said with the error (docs/operations.md). */
  static final String PERMISSION_HINT =
      "the agent may not open an ICMP socket: set net.ipv4.ping_group_range to include its"
          + " group (sysctl; Debian's systemd sets 0 2147483647), see docs/operations.md, \"ping\"";

  /** The outcomes of one run, in the order unreachable, packet_loss, rtt. */
  public static List<CheckOutcome> judge(String name, PingSettings s, PingOutput o)
      throws ProbeException {
    List<CheckOutcome> out = new ArrayList<>();
    String host = s.host();
    switch (o.kind()) {
      case NOT_PERMITTED ->
          throw new ProbeException(
              "ping " + host + ": " + SafeText.line(o.message()) + " — " + PERMISSION_HINT);
      case FAILED ->
          throw new ProbeException(
              "ping " + host + " could not judge: " + SafeText.line(o.message()));
      case NAME_UNRESOLVED, NETWORK_UNREACHABLE -> {
        String why =
            o.kind() == PingOutput.Kind.NAME_UNRESOLVED ? " does not resolve: " : " has no route: ";
        out.add(down(name, host + why + SafeText.line(o.message())));
        out.addAll(superseded(name));
        return out;
      }
      default -> {
        // STATS, below
      }
    }
    if (o.received() == 0) {
      String errors = o.errors() > 0 ? ", " + o.errors() + " ICMP errors" : "";
      out.add(
          down(
              name,
              host
                  + ": no reply to "
                  + o.transmitted()
                  + " echo requests (100% lost"
                  + errors
                  + ")"));
      out.addAll(superseded(name));
      return out;
    }
    out.add(
        CheckOutcome.ok(
            "ping",
            name,
            "unreachable",
            o.lossPct(),
            host + " answers (" + o.received() + " of " + o.transmitted() + ")"));
    out.add(loss(name, s, o));
    out.add(rtt(name, s, o));
    return out;
  }

  private static CheckOutcome down(String name, String summary) {
    return CheckOutcome.failing(
        "ping", name, "unreachable", Severity.CRITICAL, 100.0, null, summary);
  }

  /** While the host is unreachable, loss and round trip say nothing more: resolved, not firing. */
  private static List<CheckOutcome> superseded(String name) {
    return List.of(
        CheckOutcome.ok("ping", name, "packet_loss", null, "host unreachable (see unreachable)"),
        CheckOutcome.ok("ping", name, "rtt", null, "host unreachable (see unreachable)"));
  }

  private static CheckOutcome loss(String name, PingSettings s, PingOutput o) {
    double loss = o.lossPct();
    String summary =
        String.format(
            Locale.ROOT,
            "%s: %s%% lost (%d of %d echo requests)",
            s.host(),
            pct(loss),
            o.transmitted() - o.received(),
            o.transmitted());
    return graded(name, "packet_loss", loss, s.lossWarning(), s.lossCritical(), summary, "%");
  }

  private static CheckOutcome rtt(String name, PingSettings s, PingOutput o) {
    Double avg = o.rttAvgMs();
    if (avg == null) {
      return CheckOutcome.ok("ping", name, "rtt", null, s.host() + ": no round trip reported");
    }
    String summary = String.format(Locale.ROOT, "%s: average round trip %.3f ms", s.host(), avg);
    return graded(name, "rtt", avg, ms(s.rttWarning()), ms(s.rttCritical()), summary, " ms");
  }

  /** OK below {@code warning}, else warning or critical with the level crossed. */
  private static CheckOutcome graded(
      String name,
      String check,
      double value,
      Double warning,
      Double critical,
      String summary,
      String unit) {
    Severity sev = null;
    Double threshold = null;
    if (critical != null && value >= critical) {
      sev = Severity.CRITICAL;
      threshold = critical;
    } else if (warning != null && value >= warning) {
      sev = Severity.WARNING;
      threshold = warning;
    }
    if (sev == null) {
      return CheckOutcome.ok("ping", name, check, value, summary);
    }
    return CheckOutcome.failing(
        "ping",
        name,
        check,
        sev,
        value,
        threshold,
        summary + ", at least " + pct(threshold) + unit);
  }

  private static Double ms(java.time.Duration d) {
    return d == null ? null : d.toNanos() / 1e6;
  }

  private static String pct(double d) {
    return d == Math.rint(d) ? Long.toString((long) d) : String.format(Locale.ROOT, "%.1f", d);
  }
}
