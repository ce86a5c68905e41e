package io.botasky.agent.probe.daemon;

import io.botasky.agent.probe.CheckOutcome;
import io.botasky.agent.probe.ProbeException;
import io.botasky.agent.probe.ProbeSink;
import io.botasky.common.wire.Severity;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The {@code process_down} check of a daemon: a live process of one of the given programs that
 * listens on the given TCP port (when a port is given). A process without its port is down too: a
 * daemon still starting or stuck shutting down serves nobody.
 *
 * @param pid the process found, or -1
 * @param summary what was found, for the alert
 */
public record DaemonCheck(int pid, boolean up, String summary) {

  /**
   * Looks for {@code programs} listening on {@code port} (null: any process of the programs will
   * do). Prefers a process in this JVM's own network namespace when several listen on the port.
   */
  public static DaemonCheck find(ProcessTable table, Collection<String> programs, Integer port)
      throws IOException {
    List<Proc> candidates = new ArrayList<>();
    for (Proc p : table.processes()) {
      if (programs.stream().anyMatch(p::runs)) {
        candidates.add(p);
      }
    }
    String names = String.join("/", programs);
    if (candidates.isEmpty()) {
      return new DaemonCheck(-1, false, "no " + names + " process is running");
    }
    if (port == null) {
      Proc p = candidates.get(0);
      return new DaemonCheck(p.pid(), true, names + " runs as pid " + p.pid());
    }
    List<String> unreadable = new ArrayList<>();
    for (Proc p : candidates) {
      try {
        if (table.listeningPorts(p.pid()).contains(port)) {
          return new DaemonCheck(
              p.pid(), true, names + " pid " + p.pid() + " listens on port " + port);
        }
      } catch (IOException e) {
        unreadable.add(p.pid() + " (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
      }
    }
    if (!unreadable.isEmpty()) {
      // Without root the agent cannot see another user's sockets; say so rather than guess.
      return new DaemonCheck(
          -1,
          false,
          "cannot tell which "
              + names
              + " listens on port "
              + port
              + ": sockets of pid "
              + String.join(", ", unreadable)
              + " not readable (the agent needs root)");
    }
    List<Integer> pids = candidates.stream().map(Proc::pid).toList();
    return new DaemonCheck(
        -1, false, names + " runs (pid " + pids + ") but none listens on port " + port);
  }

  /**
   * Runs {@link #find} and reports its outcome as {@code resource/instance/process_down}; a process
   * table that cannot be read at all fails the round naming the probe.
   */
  public static DaemonCheck report(
      ProcessTable table,
      Collection<String> programs,
      Integer port,
      String probeId,
      String resource,
      String instance,
      ProbeSink sink)
      throws ProbeException {
    DaemonCheck d;
    try {
      d = find(table, programs, port);
    } catch (IOException e) {
      throw new ProbeException(probeId + ": cannot list processes: " + e.getMessage(), e);
    }
    sink.outcome(d.outcome(resource, instance));
    return d;
  }

  /** This check as the outcome of {@code resource/instance/process_down}. */
  public CheckOutcome outcome(String resource, String instance) {
    if (up) {
      return new CheckOutcome(
          resource,
          instance,
          "process_down",
          null,
          (double) pid,
          null,
          summary,
          Map.of("pid", pid));
    }
    return CheckOutcome.failing(
        resource, instance, "process_down", Severity.CRITICAL, null, null, summary);
  }
}
