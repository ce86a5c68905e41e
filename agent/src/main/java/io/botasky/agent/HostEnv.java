package io.botasky.agent;

import java.nio.file.Path;
import java.time.Clock;

/**
 * The host as the agent sees it: clock, home directory and the roots of /proc, /sys, /etc, /run and
 * /var/log. Built once in {@link Boagent#main}; tests pass fixture trees.
 */
public record HostEnv(
    Clock clock, Path home, Path procRoot, Path sysRoot, Path etcRoot, Path runRoot, Path logRoot) {

  /**
   * The real host. {@code root} is "/" normally; a container that mounts the host's file systems
   * elsewhere passes that prefix (system property {@code boagent.root}).
   */
  public static HostEnv real(Clock clock, Path home, Path root) {
    return new HostEnv(
        clock,
        home,
        root.resolve("proc"),
        root.resolve("sys"),
        root.resolve("etc"),
        root.resolve("run"),
        root.resolve("var/log"));
  }
}
