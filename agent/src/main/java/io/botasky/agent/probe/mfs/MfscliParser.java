package io.botasky.agent.probe.mfs;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses what {@code mfscli} prints without a tty: tab-separated lines {@code section
 * label:\tfield\tfield...}. mfscli exits 0 even when the master is dead, so the text is the only
 * truth: a dead master shows as {@code Working master servers not found !!!}.
 */
public final class MfscliParser {
  static final String NO_MASTER = "Working master servers not found";

  private MfscliParser() {}

  public static MfsClusterStatus parse(String text) {
    boolean found = true;
    String state = null;
    List<String> cs = new ArrayList<>();
    List<String> gone = new ArrayList<>();
    List<String> ml = new ArrayList<>();
    Map<String, Long> info = new LinkedHashMap<>();
    for (String line : text.split("\n")) {
      if (line.startsWith(NO_MASTER)) {
        found = false;
        continue;
      }
      String[] f = line.split("\t", -1);
      switch (f[0]) {
        case "metadata servers:" -> state = f.length > 3 ? f[3] : null;
        case "chunk servers:" -> {
          if (f.length > 2) {
            cs.add(f[1] + ":" + f[2]);
          }
        }
        case "Disconnected chunk servers:" -> {
          if (f.length > 2) {
            gone.add(f[1] + ":" + f[2]);
          }
        }
        case "metadata backup loggers:" -> {
          if (f.length > 1) {
            ml.add(f[1]);
          }
        }
        case "master info:" -> {
          if (f.length > 2) {
            try {
              info.put(f[1], Long.parseLong(f[2].strip()));
            } catch (NumberFormatException e) {
              // "not available", "-": no number to keep.
            }
          }
        }
        default -> {
          // Other sections (memory usage, chunk matrix) are not judged.
        }
      }
    }
    return new MfsClusterStatus(
        found, state, List.copyOf(cs), List.copyOf(gone), List.copyOf(ml), info);
  }
}
