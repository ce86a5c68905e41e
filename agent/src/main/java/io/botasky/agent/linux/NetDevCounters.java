package io.botasky.agent.linux;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One interface's counters from {@code /proc/net/dev}: bytes and errors received and sent. Counters
 * only grow, except when the interface is recreated or the (32-bit, on old kernels) counter wraps.
 */
public record NetDevCounters(long rxBytes, long rxErrors, long txBytes, long txErrors) {
  /** At most this many interfaces are read: a file longer than that is not a real one. */
  static final int MAX_INTERFACES = 4096;

  /**
   * Parses {@code /proc/net/dev}: two header lines, then {@code name: rx-bytes rx-packets rx-errs
   * ... tx-bytes tx-packets tx-errs ...} (8 receive and 8 transmit fields). A line that does not
   * have that shape is an error naming it.
   */
  public static Map<String, NetDevCounters> parse(String text) {
    Map<String, NetDevCounters> out = new LinkedHashMap<>();
    String[] lines = text.split("\n", MAX_INTERFACES + 3);
    for (int i = 0; i < lines.length && i < MAX_INTERFACES + 2; i++) {
      String line = lines[i];
      int colon = line.indexOf(':');
      if (line.isBlank() || line.contains("|")) {
        continue; // the two header lines, the trailing newline
      }
      if (colon <= 0) {
        throw new IllegalArgumentException("no \"name:\" in line " + (i + 1));
      }
      String name = line.substring(0, colon).strip();
      String[] f = Numbers.fields(line.substring(colon + 1));
      if (name.isEmpty() || f.length < 16) {
        throw new IllegalArgumentException(
            "line " + (i + 1) + ": expected a name and 16 counters, got " + f.length);
      }
      out.put(
          name,
          new NetDevCounters(
              Numbers.whole(f[0], "rx bytes"),
              Numbers.whole(f[2], "rx errs"),
              Numbers.whole(f[8], "tx bytes"),
              Numbers.whole(f[10], "tx errs")));
    }
    return out;
  }
}
