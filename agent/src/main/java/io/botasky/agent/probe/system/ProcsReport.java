package io.botasky.agent.probe.system;

import java.time.Instant;
import java.util.List;

/** The runaway processes found by one scan (usually none). */
public record ProcsReport(Instant at, List<Runaway> runaways) {

  /**
   * A process over the CPU or memory limit at both samples.
   *
   * @param cpu top-style percent (100 = one core) over the second window
   * @param mem percent of MemTotal
   */
  public record Runaway(
      int pid, String name, String user, double cpu, double mem, String commandLine) {}
}
