package io.botasky.agent.linux;

import java.util.ArrayList;
import java.util.List;

/**
 * The line format of /etc/passwd and /etc/group: colon-separated fields, NIS and comment lines
 * skipped.
 */
final class ColonFile {
  private ColonFile() {}

  /** One data line: its 1-based number and fields. */
  record Line(int number, String[] fields) {}

  static List<Line> lines(String text, int minFields) {
    List<Line> out = new ArrayList<>();
    int n = 0;
    for (String line : text.split("\n")) {
      n++;
      if (line.isBlank() || line.startsWith("#") || line.startsWith("+") || line.startsWith("-")) {
        continue;
      }
      String[] f = line.split(":", -1);
      if (f.length < minFields) {
        throw new IllegalArgumentException(
            "line " + n + ": expected " + minFields + " fields, got " + f.length);
      }
      out.add(new Line(n, f));
    }
    return out;
  }
}
