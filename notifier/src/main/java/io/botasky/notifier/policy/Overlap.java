package io.botasky.notifier.policy;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Whether two conjunctions of match terms could hold for one alert. Conservative: "disjoint" is
 * answered only with a proof — one field on which a parent term and a children term exclude each
 * other (docs/notifier.md, "Dependencies"); anything unproven counts as an overlap. A dependency
 * whose parent could be its own child would suppress itself, so the escalation file refuses it.
 */
public final class Overlap {
  private static final List<String> SEVERITIES = List.of("info", "note", "warning", "critical");

  private Overlap() {}

  /** True unless some field provably separates {@code a} from {@code b}. */
  public static boolean possible(List<Condition> a, List<Condition> b) {
    if (severities(a, b).isEmpty()) {
      return false;
    }
    for (Condition x : a) {
      for (Condition y : b) {
        if (!x.field().equals("severity") && x.field().equals(y.field()) && disjoint(x, y)) {
          return false;
        }
      }
    }
    return true;
  }

  /** The severities every severity term of both lists admits (exact: there are four). */
  private static Set<String> severities(List<Condition> a, List<Condition> b) {
    Set<String> left = new TreeSet<>(SEVERITIES);
    for (List<Condition> side : List.of(a, b)) {
      for (Condition c : side) {
        if (c.field().equals("severity")) {
          left.removeIf(s -> !c.test(ofSeverity(s)));
        }
      }
    }
    return left;
  }

  private static AlertFacts ofSeverity(String s) {
    return new AlertFacts(
        0,
        "",
        "",
        "",
        "",
        io.botasky.common.wire.Severity.parse(s).orElseThrow(),
        io.botasky.common.wire.AlertState.FIRING,
        null,
        null,
        null,
        null,
        null,
        0,
        null,
        null,
        null,
        null,
        0);
  }

  /** Two text terms on the same field that no value can satisfy both. */
  static boolean disjoint(Condition x, Condition y) {
    boolean xNeg = x.op().equals("!=");
    boolean yNeg = y.op().equals("!=");
    if (!xNeg && !yNeg) {
      for (String p : x.values()) {
        for (String q : y.values()) {
          if (globsMeet(p, q)) {
            return false;
          }
        }
      }
      return true;
    }
    if (xNeg && yNeg) {
      // Two exclusions leave infinitely many values both admit.
      return false;
    }
    Condition pos = xNeg ? y : x;
    Condition neg = xNeg ? x : y;
    // Every value the positive term admits is excluded: provable when each of its alternatives is a
    // plain word (no wildcard) that the negative term names.
    for (String v : pos.values()) {
      if (v.contains("*") || v.contains("?")) {
        return false;
      }
      String lower = v.toLowerCase(Locale.ROOT);
      boolean excluded =
          neg.values().stream().anyMatch(n -> Condition.glob(n).matcher(lower).matches());
      if (!excluded) {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether some string matches both shell-style globs (case-insensitive): a search over pairs of
   * positions in the two patterns, exact for {@code *}, {@code ?} and plain characters.
   */
  static boolean globsMeet(String p, String q) {
    String a = p.toLowerCase(Locale.ROOT);
    String b = q.toLowerCase(Locale.ROOT);
    boolean[][] seen = new boolean[a.length() + 1][b.length() + 1];
    java.util.ArrayDeque<int[]> todo = new java.util.ArrayDeque<>();
    todo.add(new int[] {0, 0});
    while (!todo.isEmpty()) {
      int[] s = todo.poll();
      int i = s[0];
      int j = s[1];
      if (seen[i][j]) {
        continue;
      }
      seen[i][j] = true;
      if (i == a.length() && j == b.length()) {
        return true;
      }
      // A star may match nothing.
      if (i < a.length() && a.charAt(i) == '*') {
        todo.add(new int[] {i + 1, j});
      }
      if (j < b.length() && b.charAt(j) == '*') {
        todo.add(new int[] {i, j + 1});
      }
      if (i < a.length() && j < b.length()) {
        char c = a.charAt(i);
        char d = b.charAt(j);
        boolean wc = c == '*' || c == '?';
        boolean wd = d == '*' || d == '?';
        if (wc || wd || c == d) {
          // Both consume one common character; a star stays where it is.
          todo.add(new int[] {c == '*' ? i : i + 1, d == '*' ? j : j + 1});
        }
      }
    }
    return false;
  }
}
