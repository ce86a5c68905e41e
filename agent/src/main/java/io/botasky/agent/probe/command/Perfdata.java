package io.botasky.agent.probe.command;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One performance data item of a Monitoring Plugin, {@code 'label'=value[UOM];[warn];[crit];[min];
 * [max]}, and the pure parser of a run of them (the Monitoring Plugins development guidelines,
 * "Performance data"; docs/probes/command.md).
 *
 * @param label the label as the plugin wrote it, quotes removed and {@code ''} made {@code '}
 * @param value the value, finite
 * @param unit one of {@link #UNITS}, or empty
 * @param warn the warning range as written ({@code 10}, {@code 10:}, {@code ~:10}, {@code @10:20}),
 *     or empty
 * @param crit the critical range as written, or empty
 * @param min the minimum, or null
 * @param max the maximum, or null
 */
public record Perfdata(
    String label, double value, String unit, String warn, String crit, Double min, Double max) {

  /** The units of measurement the guidelines define; any other makes the item malformed. */
  public static final Set<String> UNITS =
      Set.of("s", "ms", "us", "%", "B", "KB", "MB", "GB", "TB", "c");

  private static final String NUM = "[-+]?(?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:[eE][-+]?\\d+)?";
  private static final Pattern VALUE = Pattern.compile("(" + NUM + ")(.*)");
  private static final Pattern NUMBER = Pattern.compile(NUM);

  /** A range: {@code [@][start:][end]}, start {@code ~} meaning minus infinity. */
  private static final Pattern RANGE =
      Pattern.compile("@?(?:(?:~|" + NUM + ")?:)?(?:" + NUM + ")?");

  /**
   * What one run of items held.
   *
   * @param items the well-formed items, in order
   * @param undetermined items whose value was {@code U}: well-formed, but no value to keep
   * @param malformed the items skipped as malformed
   * @param firstProblem why the first malformed item was skipped, or null
   */
  public record Parsed(
      List<Perfdata> items, int undetermined, int malformed, String firstProblem) {}

  /**
   * Parses the items of {@code text} (blank-separated), keeping at most {@code maxItems}; the rest
   * count as malformed. Never throws.
   */
  public static Parsed parseAll(String text, int maxItems) {
    List<Perfdata> items = new ArrayList<>();
    int undetermined = 0;
    int malformed = 0;
    String first = null;
    int i = 0;
    int n = text.length();
    while (true) {
      while (i < n && isBlank(text.charAt(i))) {
        i++;
      }
      if (i >= n) {
        break;
      }
      int start = i;
      String problem;
      StringBuilder label = new StringBuilder();
      if (text.charAt(i) == '\'') {
        i = quotedLabel(text, i, label);
      } else {
        while (i < n && text.charAt(i) != '=' && !isBlank(text.charAt(i))) {
          label.append(text.charAt(i++));
        }
      }
      if (i < 0) {
        problem = "unterminated quoted label";
        i = n;
      } else if (i >= n || text.charAt(i) != '=') {
        problem = "no \"=\" after the label";
        i = skipItem(text, i);
      } else if (label.isEmpty()) {
        problem = "empty label";
        i = skipItem(text, i);
      } else {
        int dataStart = i + 1;
        i = skipItem(text, dataStart);
        problem = null;
        String data = text.substring(dataStart, i);
        if (items.size() + undetermined >= maxItems) {
          problem = "more than " + maxItems + " items";
        } else if (isUndetermined(data)) {
          undetermined++;
        } else {
          Object r = data(label.toString(), data);
          if (r instanceof Perfdata p) {
            items.add(p);
          } else {
            problem = (String) r;
          }
        }
      }
      if (problem != null) {
        malformed++;
        if (first == null) {
          String item = text.substring(start, Math.min(i, start + 60));
          first = problem + ": " + item;
        }
      }
    }
    return new Parsed(List.copyOf(items), undetermined, malformed, first);
  }

  private static boolean isBlank(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
  }

  private static int skipItem(String text, int i) {
    while (i < text.length() && !isBlank(text.charAt(i))) {
      i++;
    }
    return i;
  }

  /** Reads {@code 'la''bel'} into {@code label}; the index after it, or -1 when never closed. */
  private static int quotedLabel(String text, int open, StringBuilder label) {
    int i = open + 1;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c != '\'') {
        label.append(c);
        i++;
      } else if (i + 1 < text.length() && text.charAt(i + 1) == '\'') {
        label.append('\'');
        i += 2;
      } else {
        return i + 1;
      }
    }
    return -1;
  }

  /** {@code U} in the value's place, with or without thresholds after it. */
  private static boolean isUndetermined(String data) {
    return data.equals("U") || data.startsWith("U;");
  }

  /** The item, or a String saying why it is malformed. */
  private static Object data(String label, String data) {
    String[] f = data.split(";", -1);
    for (int k = 5; k < f.length; k++) {
      if (!f[k].isEmpty()) {
        return "more than five fields";
      }
    }
    Matcher m = VALUE.matcher(f[0]);
    if (!m.matches()) {
      return "value is not a number";
    }
    double value = Double.parseDouble(m.group(1));
    String unit = m.group(2);
    if (!Double.isFinite(value)) {
      return "value out of range";
    }
    if (!unit.isEmpty() && !UNITS.contains(unit)) {
      return "unknown unit \"" + unit + "\"";
    }
    String warn = field(f, 1);
    String crit = field(f, 2);
    if (!isRange(warn) || !isRange(crit)) {
      return "threshold is not a range";
    }
    String min = field(f, 3);
    String max = field(f, 4);
    if (!isNumberOrEmpty(min) || !isNumberOrEmpty(max)) {
      return "min or max is not a number";
    }
    return new Perfdata(label, value, unit, warn, crit, number(min), number(max));
  }

  private static String field(String[] f, int k) {
    return k < f.length ? f[k] : "";
  }

  private static boolean isRange(String s) {
    return s.isEmpty() || (RANGE.matcher(s).matches() && s.matches(".*[0-9~].*"));
  }

  private static boolean isNumberOrEmpty(String s) {
    return s.isEmpty() || (NUMBER.matcher(s).matches() && Double.isFinite(Double.parseDouble(s)));
  }

  private static Double number(String s) {
    return s.isEmpty() ? null : Double.parseDouble(s);
  }
}
