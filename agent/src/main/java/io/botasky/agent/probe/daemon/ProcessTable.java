package io.botasky.agent.probe.daemon;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The process facts the service probes need, behind one seam: which processes run, which TCP ports
 * a process listens on (in its own network namespace), and where its files are as it sees them (its
 * mount namespace).
 */
public interface ProcessTable {
  /** Every live process; zombies are left out. */
  List<Proc> processes() throws IOException;

  /**
   * The TCP ports {@code pid} listens on, found by matching its socket descriptors against the
   * listening sockets of its network namespace. Empty when it listens on none; throws when its
   * descriptors cannot be read (another user's process without root).
   */
  Set<Integer> listeningPorts(int pid) throws IOException;

  /**
   * An identifier of the network namespace of {@code pid} ({@code net:[4026531840]}), if readable.
   */
  Optional<String> netNamespace(int pid);

  /** The identifier of this JVM's own network namespace. */
  Optional<String> ownNetNamespace();

  /** Whether {@code pid} still runs (exists and is not a zombie). */
  boolean alive(int pid) throws IOException;

  /**
   * Whether {@code signal} sent to {@code pid} would reach its handler (caught, ignored or blocked
   * for a signalfd) instead of taking its default action, which for most signals ends the process.
   */
  boolean handlesSignal(int pid, int signal) throws IOException;

  /** {@code file} as process {@code pid} sees it (through its root, i.e. its mount namespace). */
  java.nio.file.Path fileOf(int pid, String file);
}
