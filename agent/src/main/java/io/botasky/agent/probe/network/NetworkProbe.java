package io.botasky.agent.probe.network;

import io.botasky.agent.linux.NetDevCounters;
import io.botasky.agent.linux.NetLink;
import io.botasky.agent.linux.ProcFs;
import io.botasky.agent.linux.SysFs;
import io.botasky.agent.probe.CheckOutcome;
import io.botasky.agent.probe.Probe;
import io.botasky.agent.probe.ProbeException;
import io.botasky.agent.probe.ProbeSink;
import io.botasky.common.exec.CommandResult;
import io.botasky.common.exec.CommandRunner;
import io.botasky.common.text.SafeText;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code [network]}: this host's interfaces. State from {@code /sys/class/net}, counters from
 * {@code /proc/net/dev}, addresses from {@code ip -j addr show dev NAME} (docs/probes/network.md).
 * Checks {@code interface_down} and {@code ip_change} per interface; samples the traffic rates
 * since the previous round.
 */
public final class NetworkProbe implements Probe {
  private final String id;
  private final List<String> configured;
  private final SysFs sys;
  private final ProcFs proc;
  private final CommandRunner commands;
  private final Clock clock;
  private final Duration timeout;
  private final AddressWatch addresses = new AddressWatch();

  /** The interfaces watched: the configured ones, or those up at the first round. */
  private List<String> watched;

  private Map<String, NetDevCounters> lastCounters = Map.of();
  private Instant lastAt;

  /**
   * @param configured the interfaces to watch; empty = every interface up at the first round,
   *     except lo
   */
  public NetworkProbe(
      String id,
      List<String> configured,
      SysFs sys,
      ProcFs proc,
      CommandRunner commands,
      Clock clock,
      Duration timeout) {
    this.id = id;
    this.configured = List.copyOf(configured);
    this.sys = sys;
    this.proc = proc;
    this.commands = commands;
    this.clock = clock;
    this.timeout = timeout;
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public synchronized void run(ProbeSink sink) throws ProbeException {
    Instant now = clock.instant();
    try {
      if (watched == null) {
        watched = configured.isEmpty() ? upNow() : configured;
      }
      Map<String, NetDevCounters> counters = proc.netDev();
      List<CheckOutcome> outcomes = new ArrayList<>();
      for (String iface : watched) {
        Optional<NetLink> link = sys.netLink(iface);
        outcomes.add(InterfaceState.judge(iface, link));
        List<String> addrs = link.isPresent() && link.get().up() ? addresses(iface) : null;
        outcomes.add(addresses.observe(iface, addrs, now));
      }
      // Outcomes and counters only once every reading worked: a failed round leaves nothing half
      // done.
      outcomes.forEach(sink::outcome);
      Map<String, NetDevCounters> kept = new HashMap<>();
      for (String iface : watched) {
        NetDevCounters c = counters.get(iface);
        if (c == null) {
          continue;
        }
        kept.put(iface, c);
        NetDevCounters before = lastCounters.get(iface);
        if (before != null && lastAt != null && !Rates.wentDown(before, c)) {
          Duration dt = Duration.between(lastAt, now);
          Map<String, String> labels = Map.of("interface", iface);
          sample(
              sink,
              "net.rx_bytes_per_s",
              Rates.perSecond(before.rxBytes(), c.rxBytes(), dt),
              labels);
          sample(
              sink,
              "net.tx_bytes_per_s",
              Rates.perSecond(before.txBytes(), c.txBytes(), dt),
              labels);
          sample(sink, "net.errors_per_s", Rates.perSecond(errors(before), errors(c), dt), labels);
        }
      }
      lastCounters = kept;
      lastAt = now;
    } catch (IOException e) {
      throw new ProbeException(SafeText.line(e.getMessage()), e);
    }
  }

  private static long errors(NetDevCounters c) {
    return c.rxErrors() + c.txErrors();
  }

  private static void sample(ProbeSink sink, String metric, Double v, Map<String, String> labels) {
    if (v != null) {
      sink.sample(metric, v, labels);
    }
  }

  /** The interfaces up now, except lo: what an empty {@code interfaces} watches. */
  private List<String> upNow() throws IOException {
    List<String> out = new ArrayList<>();
    for (String name : sys.netInterfaces()) {
      if (!name.equals("lo") && sys.netLink(name).map(NetLink::up).orElse(false)) {
        out.add(name);
      }
    }
    return out;
  }

  /** The addresses of {@code iface}, or null when it vanished since /sys was read. */
  private List<String> addresses(String iface) throws IOException {
    List<String> argv = List.of("ip", "-j", "addr", "show", "dev", iface);
    CommandResult r;
    try {
      r = commands.run(argv, timeout);
    } catch (IOException e) {
      throw new IOException("cannot run ip (iproute2): " + e.getMessage(), e);
    }
    if (r.timedOut()) {
      throw new IOException("ip -j addr show dev " + iface + ": no answer within " + timeout);
    }
    if (r.exitCode() != 0) {
      if (r.stderr().contains("does not exist")) {
        return null;
      }
      throw new IOException(
          "ip -j addr show dev "
              + iface
              + " exited with "
              + r.exitCode()
              + ": "
              + SafeText.line(r.stderr().strip(), 200));
    }
    if (r.truncated()) {
      throw new IOException("ip -j addr show dev " + iface + ": output over the limit");
    }
    try {
      return IpAddrJson.parse(r.stdout()).getOrDefault(iface, List.of());
    } catch (IllegalArgumentException e) {
      throw new IOException(e.getMessage(), e);
    }
  }
}
