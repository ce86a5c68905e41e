package io.botasky.agent.probe;

import io.botasky.common.exec.Capabilities;
import io.botasky.common.exec.CommandRunner;
import java.nio.file.Path;
import java.time.Clock;

/**
 * Everything a probe touches outside the JVM, injected so tests use fixture trees, captured command
 * outputs and a hand-moved clock.
 *
 * @param procRoot {@code /proc} in production
 * @param sysRoot {@code /sys} in production
 * @param etcRoot {@code /etc} in production (passwd, group, os-release)
 * @param runRoot {@code /var/run} or {@code /run} in production (utmp)
 * @param logRoot {@code /var/log} in production (wtmp)
 * @param capabilities the agent's own capability sets, read at start; null when unknown (tests),
 *     and then no probe claims one is missing
 * @param host the agent's host name as it reports to the collector ({@code [agent] host}), which
 *     {@code [command:*]} puts in place of {@code :host:}; {@code localhost} until the
 *     configuration is read
 */
public record ProbeEnv(
    Clock clock,
    Path procRoot,
    Path sysRoot,
    Path etcRoot,
    Path runRoot,
    Path logRoot,
    CommandRunner commands,
    Capabilities capabilities,
    String host) {

  /** The host name of an environment built before the configuration names one. */
  public static final String DEFAULT_HOST = "localhost";

  /** An environment on host {@link #DEFAULT_HOST}. */
  public ProbeEnv(
      Clock clock,
      Path procRoot,
      Path sysRoot,
      Path etcRoot,
      Path runRoot,
      Path logRoot,
      CommandRunner commands,
      Capabilities capabilities) {
    this(clock, procRoot, sysRoot, etcRoot, runRoot, logRoot, commands, capabilities, DEFAULT_HOST);
  }

  /** This environment on host {@code name}. */
  public ProbeEnv withHost(String name) {
    return new ProbeEnv(
        clock, procRoot, sysRoot, etcRoot, runRoot, logRoot, commands, capabilities, name);
  }

  /** An environment whose capabilities are unknown. */
  public ProbeEnv(
      Clock clock,
      Path procRoot,
      Path sysRoot,
      Path etcRoot,
      Path runRoot,
      Path logRoot,
      CommandRunner commands) {
    this(clock, procRoot, sysRoot, etcRoot, runRoot, logRoot, commands, null);
  }
}
