package io.botasky.agent.probe.system;

import io.botasky.agent.linux.PasswdEntry;
import io.botasky.agent.linux.ProcessInfo;
import io.botasky.agent.linux.ProcessStat;
import io.botasky.agent.probe.CheckOutcome;
import io.botasky.agent.probe.Probe;
import io.botasky.agent.probe.ProbeException;
import io.botasky.agent.probe.ProbeSink;
import io.botasky.common.text.SafeText;
import io.botasky.common.wire.Severity;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The runaway-process scan (docs/probes/system.md): a first scan over {@code runaway_wait} (5 s)
 * finds the processes over {@code runaway_cpu} % CPU (top-style, 100 = one core) or {@code
 * runaway_mem} % of memory; only when there are any, a second scan 5 s later confirms them. Reading
 * stat files only, the owner and command line are looked up just for the processes reported. Name,
 * owner and command line are neutralised and cut before they are reported ({@link #clean}).
 */
public final class RunawayProcessProbe implements Probe {
  /** USER_HZ: 100 on every Linux architecture we run on; /proc reports CPU time in these ticks. */
  static final double TICKS_PER_SECOND = 100.0;

  /**
   * Code points of a command line that leave the host; the rest is cut (arguments may hold
   * secrets).
   */
  static final int MAX_COMMAND = 256;

  /** Code points of a process or user name that leave the host. */
  static final int MAX_NAME = 64;

  private final SystemSources src;
  private final SystemSettings cfg;

  public RunawayProcessProbe(SystemSources src, SystemSettings cfg) {
    this.src = src;
    this.cfg = cfg;
  }

  @Override
  public String id() {
    return "system/procs";
  }

  /** One CPU and memory figure per process over a window. */
  record Load(ProcessStat stat, double cpu, double mem) {}

  public ProcsReport measure() throws IOException, InterruptedException {
    long memTotal = src.proc().memInfo().total();
    long page = src.proc().pageSize();
    Map<String, ProcessStat> a = snapshot();
    Instant ta = src.clock().instant();
    src.sleeper().sleep(cfg.runawayWait());
    Map<String, ProcessStat> b = snapshot();
    Instant tb = src.clock().instant();
    Map<String, Load> first = over(loads(a, b, seconds(ta, tb), page, memTotal));
    if (first.isEmpty()) {
      return new ProcsReport(tb, List.of());
    }
    src.sleeper().sleep(cfg.runawayWait());
    Map<String, ProcessStat> c = snapshot();
    Instant tc = src.clock().instant();
    Map<String, Load> second = over(loads(b, c, seconds(tb, tc), page, memTotal));
    Map<Integer, String> users = userNames();
    List<ProcsReport.Runaway> out = new ArrayList<>();
    for (Map.Entry<String, Load> e : second.entrySet()) {
      if (!first.containsKey(e.getKey())) {
        continue;
      }
      Load l = e.getValue();
      Optional<ProcessInfo> info = src.proc().process(l.stat().pid());
      String user =
          info.map(i -> users.getOrDefault(i.uid(), Integer.toString(i.uid()))).orElse("?");
      String cmd = info.map(ProcessInfo::commandLine).orElse("[" + l.stat().comm() + "]");
      out.add(
          new ProcsReport.Runaway(
              l.stat().pid(),
              clean(l.stat().comm(), MAX_NAME),
              clean(user, MAX_NAME),
              l.cpu(),
              l.mem(),
              clean(cmd, MAX_COMMAND)));
    }
    out.sort((x, y) -> Integer.compare(x.pid(), y.pid()));
    return new ProcsReport(tc, out);
  }

  /**
   * Keyed by pid and start time, so a pid reused between scans is not mistaken for the old process.
   */
  private Map<String, ProcessStat> snapshot() throws IOException {
    Map<String, ProcessStat> m = new HashMap<>();
    for (ProcessStat s : src.proc().processStats(null)) {
      m.put(s.pid() + "@" + s.startTicks(), s);
    }
    return m;
  }

  /** Pure: CPU % over the window and memory % at its end, for every process alive at both ends. */
  static Map<String, Load> loads(
      Map<String, ProcessStat> before,
      Map<String, ProcessStat> after,
      double seconds,
      long pageSize,
      long memTotal) {
    Map<String, Load> out = new LinkedHashMap<>();
    for (Map.Entry<String, ProcessStat> e : after.entrySet()) {
      ProcessStat was = before.get(e.getKey());
      if (was == null) {
        continue;
      }
      ProcessStat now = e.getValue();
      double cpu =
          seconds <= 0
              ? 0
              : 100.0 * Math.max(0, now.ticks() - was.ticks()) / TICKS_PER_SECOND / seconds;
      double mem = memTotal <= 0 ? 0 : 100.0 * now.rssPages() * pageSize / memTotal;
      out.put(e.getKey(), new Load(now, cpu, mem));
    }
    return out;
  }

  private Map<String, Load> over(Map<String, Load> loads) {
    Map<String, Load> out = new LinkedHashMap<>();
    loads.forEach(
        (k, l) -> {
          if (l.cpu() > cfg.runawayCpu() || l.mem() > cfg.runawayMem()) {
            out.put(k, l);
          }
        });
    return out;
  }

  private Map<Integer, String> userNames() {
    Map<Integer, String> m = new HashMap<>();
    try {
      for (PasswdEntry p : src.etc().passwd()) {
        m.putIfAbsent(p.uid(), p.name());
      }
    } catch (IOException e) {
      // Without passwd the uid is shown instead of the name.
    }
    return m;
  }

  /**
   * What any local user controls (a process's name and arguments, a passwd entry) made safe before
   * it leaves the host in an event, a mail, a log line or {@code boagent show procs}: one line,
   * controls and bidi characters escaped ({@link SafeText#line}), at most {@code max} code points.
   * Done here, at the source, because the collector refuses a name with a control character.
   */
  static String clean(String s, int max) {
    return SafeText.line(s == null ? "" : s, max);
  }

  private static double seconds(Instant a, Instant b) {
    return Duration.between(a, b).toMillis() / 1000.0;
  }

  @Override
  public void run(ProbeSink sink) throws ProbeException {
    ProcsReport r;
    try {
      r = measure();
    } catch (IOException e) {
      throw ProbeException.reading("procs", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ProbeException("procs: interrupted", e);
    }
    sink.sample("procs.runaway", r.runaways().size(), Map.of());
    for (ProcsReport.Runaway p : r.runaways()) {
      Map<String, Object> details = new LinkedHashMap<>();
      details.put("pid", p.pid());
      details.put("user", p.user());
      details.put("command", p.commandLine());
      details.put("cpu_percent", CpuProbe.round1(p.cpu()));
      details.put("mem_percent", CpuProbe.round1(p.mem()));
      // No threshold on the outcome: the two scans are the debounce already.
      sink.outcome(
          new CheckOutcome(
              "system",
              p.pid() + ":" + p.name(),
              "runaway_process",
              Severity.WARNING,
              CpuProbe.round1(Math.max(p.cpu(), p.mem())),
              null,
              String.format(
                  Locale.ROOT,
                  "runaway process pid %d (%s) of %s: CPU %.1f%%, memory %.1f%%: %s",
                  p.pid(),
                  p.name(),
                  p.user(),
                  p.cpu(),
                  p.mem(),
                  p.commandLine()),
              details));
    }
  }
}
