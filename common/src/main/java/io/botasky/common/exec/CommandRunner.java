package io.botasky.common.exec;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Runs an external command with a deadline and bounded output. Probes that need {@code mfscli},
 * {@code ip} or signals go through this seam, so tests substitute captured outputs.
 */
public interface CommandRunner {
  /**
   * Runs {@code argv} (no shell). Throws {@link IOException} when the program cannot be started
   * (e.g. not on PATH); a non-zero exit or a timeout is a result, not an exception.
   */
  CommandResult run(List<String> argv, Duration timeout) throws IOException;

  /**
   * Runs {@code argv} as an untrusted program (a Monitoring Plugin): with exactly {@code
   * environment} and nothing inherited, a program named without a slash looked up in that
   * environment's {@code PATH}, in a session and process group of its own whose every member is
   * killed at the deadline and once the program has exited, so nothing it started outlives the run
   * (docs/probes/command.md). Throws {@link IOException} when the program cannot be started. A
   * runner that cannot isolate, like a test fake, runs it as {@link #run} does.
   */
  default CommandResult runIsolated(
      List<String> argv, Map<String, String> environment, Duration timeout) throws IOException {
    return run(argv, timeout);
  }

  /**
   * Runs {@code argv} as {@link #runIsolated} does, for a controlled action of the agent
   * (docs/agent.md, "Controlled actions"): stdout and stderr as one stream, in the order printed,
   * of which only the last {@code tailBytes} are kept (the rest is read and dropped, so memory
   * stays bounded whatever the program prints); at the deadline the whole process group gets
   * SIGTERM, then SIGKILL once {@code grace} has passed. The result's {@code stdout} holds that
   * tail, {@code stderr} is empty, {@code truncated} says whether more was printed. A runner that
   * cannot isolate, like a test fake, runs it as {@link #run} does.
   */
  default CommandResult runAction(
      List<String> argv,
      Map<String, String> environment,
      Duration timeout,
      Duration grace,
      int tailBytes)
      throws IOException {
    return run(argv, timeout);
  }

  /**
   * This runner, except that the programs it starts keep {@code capabilities} ({@code CAP_KILL}),
   * where this process holds them and would otherwise drop them for its children. For documented
   * exceptions only (the keepalived probe's {@code kill}). A runner that drops nothing, like a test
   * fake, returns itself.
   */
  default CommandRunner keeping(String... capabilities) {
    return this;
  }
}
