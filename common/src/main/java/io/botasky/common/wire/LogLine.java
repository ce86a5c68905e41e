package io.botasky.common.wire;

import io.botasky.common.text.SafeText;
import java.util.List;

/**
 * One line of the log view (docs/api.md, "Log view"): a line a {@code [logfile:*]} section
 * forwarded, or a WARN/ERROR line of a daemon's own log. The agent sends them in {@code POST
 * /api/v1/logs}; the collector stores and serves them (docs/api.md).
 *
 * @param source the logfile section's name, or {@code boagent} / {@code pihealthd} / {@code boird}
 * @param level {@code info}, {@code warning} or {@code error}
 * @param ts when the line was read or logged, epoch milliseconds
 * @param line the text, one line without controls, at most {@link #MAX_CHARS} characters
 */
public record LogLine(String source, String level, long ts, String line) {
  /** Longest line in characters (code points), on the agent and at the collector. */
  public static final int MAX_CHARS = 8192;

  /** The levels a line may have, lowest first. */
  public static final List<String> LEVELS = List.of("info", "warning", "error");

  /** The level of a line matched by a section of {@code severity}: critical is an error. */
  public static String levelOf(Severity severity) {
    return switch (severity) {
      case INFO, NOTE -> "info";
      case WARNING -> "warning";
      case CRITICAL -> "error";
    };
  }

  /**
   * {@code s} as a log-view line: every character {@link SafeText#needsEscape} names (controls,
   * line separators, bidi controls) and every lone surrogate removed, a tab made a space, at most
   * {@code maxChars} code points.
   */
  public static String clean(String s, int maxChars) {
    StringBuilder b = new StringBuilder(Math.min(s.length(), maxChars));
    int count = 0;
    for (int i = 0; i < s.length() && count < maxChars; ) {
      int c = s.codePointAt(i);
      i += Character.charCount(c);
      if (c == '\t') {
        b.append(' ');
        count++;
      } else if (!SafeText.needsEscape(c) && !(c >= 0xD800 && c <= 0xDFFF)) {
        b.appendCodePoint(c);
        count++;
      }
    }
    return b.toString();
  }
}
