package io.botasky.agent.probe.command;

import io.botasky.agent.probe.CheckOutcome;
import io.botasky.agent.probe.Probe;
import io.botasky.agent.probe.ProbeException;
import io.botasky.agent.probe.ProbeSink;
import io.botasky.common.exec.CommandResult;
import io.botasky.common.exec.CommandRunner;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Runs the Monitoring Plugin of one {@code [command:NAME]} section each round, without a shell, in
 * an environment of {@code PATH} and {@code LANG} only, in a process group of its own killed at the
 * timeout (docs/probes/command.md).
 */
public final class CommandProbe implements Probe {
  /**
   * The plugin's whole environment. The PATH of an unprivileged user; C.UTF-8 so every plugin
   * prints a decimal point in its performance data whatever the agent's locale, and UTF-8 text.
   */
  public static final Map<String, String> ENVIRONMENT =
      Map.of("PATH", "/usr/local/bin:/usr/bin:/bin", "LANG", "C.UTF-8");

  private final String id;
  private final String instance;
  private final List<String> argv;
  private final Duration timeout;
  private final CommandRunner runner;

  /** The last status known, repeated while the plugin's state is unknown. */
  private CheckOutcome lastStatus;

  CommandProbe(
      String id, String instance, List<String> argv, Duration timeout, CommandRunner runner) {
    this.id = id;
    this.instance = instance;
    this.argv = List.copyOf(argv);
    this.timeout = timeout;
    this.runner = runner;
  }

  @Override
  public String id() {
    return id;
  }

  List<String> argv() {
    return argv;
  }

  @Override
  public void run(ProbeSink sink) throws ProbeException {
    CommandResult r;
    try {
      r = runner.runIsolated(argv, ENVIRONMENT, timeout);
    } catch (IOException e) {
      if (Thread.currentThread().isInterrupted()) {
        throw new ProbeException(e.getMessage(), e);
      }
      synchronized (this) {
        lastStatus = PluginVerdict.cannotStart(instance, e.getMessage(), lastStatus, sink);
      }
      return;
    }
    synchronized (this) {
      lastStatus = PluginVerdict.judge(instance, r, timeout, lastStatus, sink);
    }
  }
}
