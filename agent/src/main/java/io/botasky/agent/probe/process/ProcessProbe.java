package io.botasky.agent.probe.process;

import io.botasky.agent.probe.CheckOutcome;
import io.botasky.agent.probe.Probe;
import io.botasky.agent.probe.ProbeException;
import io.botasky.agent.probe.ProbeSink;
import io.botasky.agent.probe.daemon.Proc;
import io.botasky.agent.probe.daemon.ProcessTable;
import io.botasky.common.wire.Severity;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code [process:NAME]}: {@code process_down} when no process's command line matches {@code match}
 * (a regular expression searched in the arguments joined by spaces, like {@code pgrep -f}). Samples
 * {@code process.count}.
 */
public final class ProcessProbe implements Probe {
  private final String id;
  private final String instance;
  private final Pattern match;
  private final ProcessTable table;
  private final long selfPid;

  public ProcessProbe(String id, String instance, Pattern match, ProcessTable table, long selfPid) {
    this.id = id;
    this.instance = instance;
    this.match = match;
    this.table = table;
    this.selfPid = selfPid;
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public void run(ProbeSink sink) throws ProbeException {
    List<Proc> procs;
    try {
      procs = table.processes();
    } catch (IOException e) {
      throw new ProbeException(id + ": cannot list processes: " + e.getMessage(), e);
    }
    // The agent itself (whose arguments may quote the pattern) never counts.
    List<Proc> found =
        procs.stream()
            .filter(p -> p.pid() != selfPid && !p.cmdline().isEmpty())
            .filter(p -> match.matcher(p.commandLine()).find())
            .toList();
    sink.sample("process.count", found.size(), Map.of("process", instance));
    if (found.isEmpty()) {
      sink.outcome(
          CheckOutcome.failing(
              "process",
              instance,
              "process_down",
              Severity.CRITICAL,
              0.0,
              null,
              "no process matches \"" + match.pattern() + "\""));
    } else {
      List<Integer> pids = found.stream().map(Proc::pid).limit(10).toList();
      sink.outcome(
          new CheckOutcome(
              "process",
              instance,
              "process_down",
              null,
              (double) found.size(),
              null,
              found.size() + " process(es) match \"" + match.pattern() + "\": pid " + pids,
              Map.of("pids", pids)));
    }
  }
}
