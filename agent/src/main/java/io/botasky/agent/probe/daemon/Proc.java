package io.botasky.agent.probe.daemon;

import java.util.List;

/**
 * One process as the service probes need it: enough to recognise a daemon by name or command line.
 *
 * @param comm the kernel's short name ({@code /proc/PID/comm}), e.g. {@code mariadbd}
 * @param cmdline the arguments; empty for kernel threads
 * @param state the state letter of {@code /proc/PID/stat}; {@code Z} is a zombie (dead, not reaped)
 */
public record Proc(int pid, String comm, List<String> cmdline, char state) {

  /** The command line joined by spaces, or {@code [comm]} for a kernel thread. */
  public String commandLine() {
    return cmdline.isEmpty() ? "[" + comm + "]" : String.join(" ", cmdline);
  }

  /** A dead process whose exit status nobody collected yet: it serves nothing. */
  public boolean zombie() {
    return state == 'Z' || state == 'X';
  }

  /**
   * True when this process runs the program {@code name}: its comm, or the base name of its first
   * argument, or of the second when the first is an interpreter ({@code python3
   * /usr/sbin/mfscgiserv}).
   */
  public boolean runs(String name) {
    if (comm.equals(name)) {
      return true;
    }
    for (int i = 0; i < Math.min(2, cmdline.size()); i++) {
      String arg = cmdline.get(i);
      if (arg.equals(name) || arg.endsWith("/" + name)) {
        return true;
      }
    }
    return false;
  }
}
