package io.botasky.admin;

import io.botasky.common.text.SafeText;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * Left-aligned columns for terminal output; the last column is not padded. Every cell is one line
 * with its control, bidi and line-separator characters escaped ({@link SafeText#line}): cells show
 * what agents and API callers sent, and must not move the cursor, recolour or reorder the terminal.
 */
final class Table {
  private final List<String[]> rows = new ArrayList<>();

  Table(String... header) {
    rows.add(header);
  }

  Table row(Object... cells) {
    String[] r = new String[cells.length];
    for (int i = 0; i < cells.length; i++) {
      r[i] = cells[i] == null ? "-" : SafeText.line(String.valueOf(cells[i]));
    }
    rows.add(r);
    return this;
  }

  void print(PrintWriter out) {
    int cols = rows.get(0).length;
    int[] w = new int[cols];
    for (String[] r : rows) {
      for (int i = 0; i < cols - 1; i++) {
        w[i] = Math.max(w[i], r[i].length());
      }
    }
    for (String[] r : rows) {
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < cols; i++) {
        sb.append(i < cols - 1 ? String.format("%-" + w[i] + "s  ", r[i]) : r[i]);
      }
      out.println(sb.toString().stripTrailing());
    }
    out.flush();
  }
}
