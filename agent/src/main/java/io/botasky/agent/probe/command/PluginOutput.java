package io.botasky.agent.probe.command;

import io.botasky.common.text.SafeText;

/**
 * What a Monitoring Plugin printed, parsed per the development guidelines ("Plugin Output"): the
 * first line up to {@code |} is the summary and the rest of it performance data; later lines are
 * long text until one holding {@code |}, whose rest and every line after it are performance data
 * too. Pure; never throws, whatever the bytes were (docs/probes/command.md).
 *
 * @param summary the first line's text, control characters removed, at most {@link #MAX_SUMMARY}
 *     code points (then ending in {@code …}); empty when the plugin printed nothing
 * @param perfdata the performance data of every line
 */
public record PluginOutput(String summary, Perfdata.Parsed perfdata) {

  /** Nagios keeps the first line to show on one screen line; an alert summary is no place more. */
  public static final int MAX_SUMMARY = 512;

  /** More than anyone graphs from one check; the rest of the items count as malformed. */
  public static final int MAX_ITEMS = 256;

  /** Parses {@code stdout}, as decoded from UTF-8 (invalid bytes already U+FFFD). */
  public static PluginOutput parse(String stdout) {
    String[] lines = stdout.split("\n", -1);
    String first = lines[0];
    StringBuilder perf = new StringBuilder();
    int bar = first.indexOf('|');
    String summary = bar < 0 ? first : first.substring(0, bar);
    if (bar >= 0) {
      perf.append(first, bar + 1, first.length());
    }
    boolean inPerf = false;
    for (int k = 1; k < lines.length; k++) {
      String line = lines[k];
      if (inPerf) {
        perf.append('\n').append(line);
      } else {
        int b = line.indexOf('|');
        if (b >= 0) {
          perf.append('\n').append(line, b + 1, line.length());
          inPerf = true;
        }
      }
    }
    return new PluginOutput(
        clean(summary, MAX_SUMMARY), Perfdata.parseAll(perf.toString(), MAX_ITEMS));
  }

  /**
   * {@code s} with every control character (C0, DEL, C1, bidi controls) removed, a tab made a
   * space, stripped, and cut to {@code max} code points with {@code …}: text from a program is
   * shown in alerts, mails and terminals.
   */
  public static String clean(String s, int max) {
    StringBuilder b = new StringBuilder(Math.min(s.length(), max * 2 + 8));
    for (int i = 0; i < s.length() && b.length() < max * 2 + 8; ) {
      int c = s.codePointAt(i);
      i += Character.charCount(c);
      if (c == '\t') {
        b.append(' ');
      } else if (!SafeText.needsEscape(c) && !(Character.isSurrogate((char) c) && c < 0x10000)) {
        b.appendCodePoint(c);
      }
    }
    return SafeText.line(b.toString().strip(), max);
  }
}
