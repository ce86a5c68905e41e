package io.botasky.common.text;

/**
 * Makes text from outside (agents, API callers, processes, exception messages) safe to write to a
 * line-oriented sink: a log file, a terminal, a mail header. Every character that could end a line,
 * move the cursor, recolour a terminal or reorder what a reader sees becomes a visible escape, so
 * one value can never forge a second line or hide part of its own.
 *
 * <p>Escaped: every C0 control ({@code \n \r \t} by their short names, the rest as {@code \x1b}),
 * DEL ({@code \x7f}), every C1 control ({@code \x9b}), the bidirectional controls U+061C, U+200E,
 * U+200F, U+202A–U+202E, U+2066–U+2069, the line and paragraph separators U+2028 and U+2029 (as
 * backslash-u and four hex digits), and a lone surrogate (which no encoder could write faithfully).
 * Everything else, the backslash included, is kept: an escape is then ambiguous with the same
 * characters typed literally, which is the price of leaving paths and regexes in messages readable.
 * A field that must be parsed back (the alert log's quoted summary) escapes its backslash and quote
 * first.
 */
public final class SafeText {
  private SafeText() {}

  /**
   * The one-line form: every control, separator and bidi control escaped; never contains a line
   * break.
   */
  public static String line(String s) {
    return escape(s, false);
  }

  /**
   * {@link #line}, then at most {@code maxCodePoints} code points of the result, cut before an
   * escape rather than inside one, with {@code …} appended when something was cut (so the result
   * may be one longer than the limit).
   */
  public static String line(String s, int maxCodePoints) {
    String e = line(s);
    if (e == null || e.codePointCount(0, e.length()) <= maxCodePoints) {
      return e;
    }
    int end = e.offsetByCodePoints(0, maxCodePoints);
    // An escape is \n, \r, \t (2), \xHH (4) or \\uHHHH (6): cut before one left incomplete.
    int back = e.lastIndexOf('\\', end - 1);
    if (back >= 0 && end - back < 6) {
      char kind = back + 1 < e.length() ? e.charAt(back + 1) : ' ';
      int len = kind == 'x' ? 4 : kind == 'u' ? 6 : 2;
      if (back + len > end) {
        end = back;
      }
    }
    return e.substring(0, end) + "…";
  }

  /**
   * The multi-line form for mail bodies: as {@link #line} but {@code \n} and tab are kept, so the
   * text keeps its lines; {@code \r} is escaped, since only the mail library decides line endings.
   */
  public static String lines(String s) {
    return escape(s, true);
  }

  /** Whether {@code s} would come out of {@link #line} unchanged. */
  public static boolean isSafeLine(String s) {
    return s == null || firstUnsafe(s, false) < 0;
  }

  /**
   * Whether {@code c} is one of the characters {@link #line} escapes (a surrogate counts as one).
   */
  public static boolean needsEscape(int c) {
    return c < 0x20
        || (c >= 0x7f && c <= 0x9f)
        || c == 0x061c
        || c == 0x200e
        || c == 0x200f
        || (c >= 0x2028 && c <= 0x202e)
        || (c >= 0x2066 && c <= 0x2069);
  }

  private static String escape(String s, boolean keepLines) {
    if (s == null) {
      return null;
    }
    int first = firstUnsafe(s, keepLines);
    if (first < 0) {
      return s;
    }
    StringBuilder b = new StringBuilder(s.length() + 16);
    b.append(s, 0, first);
    for (int i = first; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < s.length()
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        b.append(c).append(s.charAt(++i));
      } else if (Character.isSurrogate(c)) {
        appendU(b, c);
      } else if (keepLines && (c == '\n' || c == '\t')) {
        b.append(c);
      } else if (!needsEscape(c)) {
        b.append(c);
      } else if (c == '\n') {
        b.append("\\n");
      } else if (c == '\r') {
        b.append("\\r");
      } else if (c == '\t') {
        b.append("\\t");
      } else if (c < 0x100) {
        b.append("\\x").append(HEX[c >> 4]).append(HEX[c & 0xf]);
      } else {
        appendU(b, c);
      }
    }
    return b.toString();
  }

  private static int firstUnsafe(String s, boolean keepLines) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isSurrogate(c)) {
        if (Character.isHighSurrogate(c)
            && i + 1 < s.length()
            && Character.isLowSurrogate(s.charAt(i + 1))) {
          i++;
          continue;
        }
        return i;
      }
      if (needsEscape(c) && !(keepLines && (c == '\n' || c == '\t'))) {
        return i;
      }
    }
    return -1;
  }

  private static void appendU(StringBuilder b, char c) {
    b.append("\\u")
        .append(HEX[c >> 12])
        .append(HEX[(c >> 8) & 0xf])
        .append(HEX[(c >> 4) & 0xf])
        .append(HEX[c & 0xf]);
  }

  private static final char[] HEX = "0123456789abcdef".toCharArray();
}
