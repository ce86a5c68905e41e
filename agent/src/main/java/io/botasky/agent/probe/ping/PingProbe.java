package io.botasky.agent.probe.ping;

import io.botasky.agent.probe.CheckOutcome;
import io.botasky.agent.probe.Probe;
import io.botasky.agent.probe.ProbeException;
import io.botasky.agent.probe.ProbeSink;
import io.botasky.common.exec.CommandResult;
import io.botasky.common.exec.CommandRunner;
import io.botasky.common.text.SafeText;
import java.io.IOException;
import java.util.Locale;
import java.util.Map;

/**
 * {@code [ping:NAME]}: ICMP echo through the system's {@code ping} (iputils). Java cannot open an
 * ICMP socket; iputils' ping uses the kernel's unprivileged ICMP socket where {@code
 * net.ipv4.ping_group_range} allows, else its file capability (docs/probes/ping.md).
 */
public final class PingProbe implements Probe {
  private final String id;
  private final String name;
  private final PingSettings settings;
  private final CommandRunner commands;
  private final Map<String, String> labels;

  public PingProbe(String id, String name, PingSettings settings, CommandRunner commands) {
    this.id = id;
    this.name = name;
    this.settings = settings;
    this.commands = commands;
    this.labels = Map.of("instance", name);
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public void run(ProbeSink sink) throws ProbeException {
    CommandResult r;
    try {
      r = commands.run(settings.argv(), settings.timeout());
    } catch (IOException e) {
      throw new ProbeException("cannot start ping: " + SafeText.line(e.getMessage()) + hint(e));
    }
    if (r.timedOut()) {
      throw new ProbeException(
          "ping "
              + settings.host()
              + " did not finish within the timeout ("
              + settings.timeout().toMillis() / 1000.0
              + " s): a slow name lookup?");
    }
    PingOutput o = PingOutput.parse(r.exitCode(), r.stdout(), r.stderr());
    for (CheckOutcome c : PingJudge.judge(name, settings, o)) {
      sink.outcome(c);
    }
    sink.sample("ping.loss_pct", o.kind() == PingOutput.Kind.STATS ? o.lossPct() : 100, labels);
    if (o.rttAvgMs() != null) {
      sink.sample("ping.rtt_ms", o.rttAvgMs(), labels);
    }
  }

  /**
   * /usr/bin/ping carries the file capability cap_net_raw=ep: the kernel refuses to start it at all
   * in a process whose capability bounding set lacks CAP_NET_RAW (boagent.service empties it).
   */
  private static String hint(IOException e) {
    String m = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
    if (m.contains("operation not permitted")) {
      return " — the kernel refuses to start ping, which carries the file capability"
          + " cap_net_raw, in a process whose capability bounding set lacks CAP_NET_RAW: install"
          + " the agent's ping drop-in (docs/operations.md, \"ping\")";
    }
    if (m.contains("no such file") || m.contains("not found")) {
      return " — install iputils-ping";
    }
    return "";
  }
}
