package io.botasky.agent.probe.keepalived;

import io.botasky.agent.probe.Probe;
import io.botasky.agent.probe.ProbeException;
import io.botasky.agent.probe.ProbeSink;
import io.botasky.agent.probe.SysinfoContributor;
import io.botasky.agent.probe.daemon.Proc;
import io.botasky.agent.probe.daemon.ProcessTable;
import io.botasky.common.exec.Capabilities;
import io.botasky.common.exec.CommandResult;
import io.botasky.common.exec.CommandRunner;
import io.botasky.common.wire.Heartbeat;
import java.io.IOException;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code [keepalived]}: finds the keepalived of this network namespace, asks it for a state dump
 * (the JSON signal, or SIGUSR1 for the text dump when keepalived was built without JSON), reads the
 * dump as keepalived sees it ({@code /proc/PID/root/tmp/...}: it may run with a private /tmp),
 * checks the VIP on the interface, and judges with {@link KeepalivedJudge}. {@link #vipsHeld()} is
 * what the heartbeat carries as {@code sysinfo.vips_held}, the collector's split-brain input.
 */
public final class KeepalivedProbe implements Probe, SysinfoContributor {
  private static final Logger LOG = LoggerFactory.getLogger(KeepalivedProbe.class);
  private static final int USR1 = 10; // the text dump's signal, on Linux's x86 and arm numbering
  private final KeepalivedSettings s;
  private final ProcessTable table;
  private final CommandRunner commands;
  private final Capabilities own;
  private boolean warnedMissing;
  private String previousState;
  private volatile List<String> vipsHeld = List.of();
  private String jsonSignal;

  /**
   * @param own the agent's capabilities (null: unknown), to name the ones it lacks when a dump
   *     cannot be had
   */
  public KeepalivedProbe(
      KeepalivedSettings settings, ProcessTable table, CommandRunner commands, Capabilities own) {
    this.s = settings;
    this.table = table;
    this.commands = commands;
    this.own = own;
  }

  @Override
  public String id() {
    return "keepalived";
  }

  /**
   * The VIPs this host held at the last round: present on the interface while keepalived runs as
   * master.
   */
  public List<String> vipsHeld() {
    return vipsHeld;
  }

  @Override
  public void contribute(Map<String, Object> sysinfo) {
    List<String> held = new ArrayList<>();
    if (sysinfo.get(Heartbeat.VIPS_HELD) instanceof Collection<?> c) {
      c.forEach(v -> held.add(String.valueOf(v)));
    }
    held.addAll(vipsHeld);
    sysinfo.put(Heartbeat.VIPS_HELD, List.copyOf(held));
  }

  @Override
  public synchronized void run(ProbeSink sink) throws ProbeException {
    KeepalivedFacts facts = facts();
    KeepalivedJudge.Verdict v = KeepalivedJudge.judge(s, facts, previousState);
    if (!"UNKNOWN".equals(v.state())) {
      previousState = v.state(); // an unknown round must not hide the next real change
    }
    vipsHeld = v.holdsVip() ? List.of(s.vip()) : List.of();
    v.outcomes().forEach(sink::outcome);
    Map<String, String> labels = Map.of("vip", s.vip());
    sink.sample("keepalived.vip_held", v.holdsVip() ? 1 : 0, labels);
    sink.sample("keepalived.state", stateNumber(v.state()), labels);
  }

  private KeepalivedFacts facts() throws ProbeException {
    boolean present;
    try {
      present = VipPresence.present(s.iface(), s.vip());
    } catch (SocketException e) {
      throw new ProbeException(
          "keepalived: cannot list the addresses of " + s.iface() + ": " + e.getMessage(), e);
    }
    Optional<Proc> proc = keepalived();
    if (proc.isEmpty()) {
      String why =
          Files.isExecutable(Path.of(s.binary()))
              ? "no keepalived process runs in this network namespace"
              : "keepalived is not installed ("
                  + s.binary()
                  + " missing) and no keepalived process runs";
      return new KeepalivedFacts(-1, null, null, present, why);
    }
    int pid = proc.get().pid();
    try {
      return new KeepalivedFacts(pid, dumpState(pid), null, present, null);
    } catch (Exited e) {
      return new KeepalivedFacts(-1, null, null, present, "keepalived (pid " + pid + ") exited");
    } catch (IOException | RuntimeException e) {
      // A live keepalived whose dump we cannot get still counts as running; say why the state is
      // unknown (a failing command runner included: the VIP check still stands on its own), and
      // which capability the agent lacks when that is the likely reason.
      String lacking = KeepalivedCapabilities.explain(KeepalivedCapabilities.missing(own));
      if (lacking != null && !warnedMissing) {
        warnedMissing = true; // once per probe: every round's summary says it again
        LOG.warn("keepalived: no state dump from pid {}: {}", pid, lacking);
      }
      return new KeepalivedFacts(
          pid,
          null,
          "no state dump: " + e.getMessage() + (lacking != null ? "; " + lacking : ""),
          present,
          null);
    }
  }

  /**
   * The keepalived parent of this network namespace: keepalived forks its VRRP and checker children
   * after it starts, so the lowest pid is the parent (which forwards the dump signals).
   */
  private Optional<Proc> keepalived() throws ProbeException {
    Optional<String> ownNs = table.ownNetNamespace();
    List<Proc> all;
    try {
      all = table.processes();
    } catch (IOException e) {
      throw new ProbeException("keepalived: cannot list processes: " + e.getMessage(), e);
    }
    Proc mine = null;
    Proc nsUnreadable = null;
    for (Proc p : all) {
      if (!p.runs("keepalived")) {
        continue;
      }
      Optional<String> ns = ownNs.isEmpty() ? ownNs : table.netNamespace(p.pid());
      if (ownNs.equals(ns)) {
        mine = lowest(mine, p);
      } else if (ns.isEmpty()) {
        nsUnreadable = lowest(nsUnreadable, p);
      }
    }
    // A root keepalived's namespace is unreadable without CAP_SYS_PTRACE: rather than call it down
    // (a false process_down), take it as ours; its dump then fails and the summary names the
    // missing capability.
    return Optional.ofNullable(mine != null ? mine : nsUnreadable);
  }

  private static Proc lowest(Proc a, Proc b) {
    return a == null || b.pid() < a.pid() ? b : a;
  }

  private String dumpState(int pid) throws IOException {
    String signal = jsonSignal();
    boolean json = signal != null;
    Path file = table.fileOf(pid, json ? "/tmp/keepalived.json" : "/tmp/keepalived.data");
    FileTime before = mtime(file);
    // A keepalived exec'd a few milliseconds ago has not blocked its signals for its signalfd yet:
    // the dump signal's default action would end it (measured: 36 sent within ~6 ms of the exec
    // killed keepalived 2.2.7 every time), so an agent probing every second could kill a keepalived
    // that systemd just restarted. Its children inherit the blocked mask across fork, so the
    // parent's is the one to check. Such a round is unknown, as any round without a dump.
    int number = json ? Integer.parseInt(signal) : USR1;
    boolean handled;
    try {
      handled = table.handlesSignal(pid, number);
    } catch (java.nio.file.NoSuchFileException e) {
      throw new Exited();
    }
    if (!handled) {
      throw new IOException(
          "keepalived (pid "
              + pid
              + ") is starting: signal "
              + number
              + " would end it before its handler is set, not sent");
    }
    // The one child that keeps a capability: kill needs CAP_KILL to signal a root keepalived, and
    // Java itself can send only TERM and KILL. Every other child starts without any.
    CommandResult r =
        commands
            .keeping("CAP_KILL")
            .run(
                List.of("kill", "-s", json ? signal : "USR1", Integer.toString(pid)),
                Duration.ofSeconds(2));
    if (!r.ok()) {
      throw new IOException("kill exited " + r.exitCode() + ": " + r.stderr().strip());
    }
    // keepalived writes the dump asynchronously and not atomically: wait for a newer file that
    // parses whole, bounded by dump_timeout.
    long deadline = System.nanoTime() + s.dumpTimeout().toNanos();
    IOException last = null;
    while (true) {
      FileTime now = mtime(file);
      if (now != null && (before == null || now.compareTo(before) > 0)) {
        try {
          return stateOf(file, json);
        } catch (IOException e) {
          last = e; // half written: read it again
        }
      }
      if (System.nanoTime() > deadline) {
        throw last != null
            ? last
            : new IOException(file + " not written within " + s.dumpTimeout().toMillis() + " ms");
      }
      // A keepalived told to stop lingers a moment and writes no dump: stop waiting once it is
      // gone,
      // so the round reports it down at once instead of after the whole dump_timeout.
      if (!table.alive(pid)) {
        throw new Exited();
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted waiting for " + file, e);
      }
    }
  }

  /** The keepalived asked for a dump exited before writing it. */
  private static final class Exited extends IOException {
    private static final long serialVersionUID = 1L;

    Exited() {
      super("keepalived exited", null);
    }
  }

  private String stateOf(Path file, boolean json) throws IOException {
    String text = Files.readString(file, StandardCharsets.UTF_8);
    List<VrrpInstance> instances =
        json ? KeepalivedDumpParser.parseJson(text) : KeepalivedDumpParser.parseData(text);
    VrrpInstance mine =
        instances.stream()
            .filter(i -> i.vips().contains(s.vip()))
            .findFirst()
            .or(() -> instances.stream().findFirst())
            .orElseThrow(() -> new IOException(file + " lists no VRRP instance"));
    if (mine.state() == null) {
      throw new IOException(file + ": no state for " + mine.name());
    }
    return mine.state();
  }

  /** The JSON dump signal number of this keepalived build, asked once; null when it has none. */
  private String jsonSignal() {
    if (jsonSignal == null) {
      try {
        CommandResult r = commands.run(List.of(s.binary(), "--signum=JSON"), Duration.ofSeconds(2));
        String out = r.stdout().strip();
        jsonSignal = r.ok() && out.matches("\\d+") ? out : "";
      } catch (IOException | RuntimeException e) {
        jsonSignal = "";
      }
    }
    return jsonSignal.isEmpty() ? null : jsonSignal;
  }

  private static FileTime mtime(Path file) {
    try {
      return Files.getLastModifiedTime(file);
    } catch (IOException e) {
      return null;
    }
  }

  private static int stateNumber(String state) {
    return switch (state) {
      case "INIT" -> 0;
      case "BACKUP" -> 1;
      case "MASTER" -> 2;
      case "FAULT" -> 3;
      case KeepalivedJudge.STOPPED -> -1;
      default -> -2;
    };
  }
}
