package io.botasky.agent.probe.daemon;

import java.util.HashMap;
import java.util.Map;

/** Parses {@code net/tcp} and {@code net/tcp6}: the listening sockets of one network namespace. */
public final class ListeningSockets {
  /** The kernel's TCP state code for LISTEN. */
  private static final String LISTEN = "0A";

  private ListeningSockets() {}

  /**
   * Socket inode to local port, for the sockets in state LISTEN. Lines look like {@code 0:
   * 00000000:0CEA 00000000:0000 0A 00000000:00000000 00:00000000 00000000 0 0 12345 ...}; malformed
   * lines are skipped (the header among them).
   */
  public static Map<Long, Integer> parse(String text) {
    Map<Long, Integer> out = new HashMap<>();
    for (String line : text.split("\n")) {
      String[] f = line.strip().split("\\s+");
      if (f.length < 10 || !LISTEN.equals(f[3])) {
        continue;
      }
      int colon = f[1].lastIndexOf(':');
      try {
        String hex = f[1].substring(colon + 1);
        String inodeText = f[9];
        // The kernel writes the port as 4 hex digits and the inode as a decimal; parseInt would
        // also
        // take a sign, more digits (a port past 65535) and non-ASCII digits.
        if (!hex.matches("[0-9A-Fa-f]{1,4}") || !inodeText.matches("[0-9]{1,18}")) {
          continue;
        }
        out.put(Long.parseLong(inodeText), Integer.parseInt(hex, 16));
      } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
        // Not a socket line: skip it rather than fail the whole table.
      }
    }
    return out;
  }
}
