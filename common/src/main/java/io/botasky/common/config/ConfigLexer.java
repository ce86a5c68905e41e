package io.botasky.common.config;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;

/**
 * Splits a configuration text into section headers and {@code key = value} lines.
 *
 * <p>{@code #} and {@code ;} start a comment only at the start of a line or after whitespace, so
 * {@code url=http://x/#frag} keeps its value; a double-quoted value keeps any character, with
 * {@code \"} and {@code \\} as escapes.
 */
final class ConfigLexer {

  /** Receives what the lexer found. */
  interface Listener {
    void section(String name, Source source);

    void entry(String key, String value, Source source);
  }

  private final String file;
  private final boolean sectionsAllowed;
  private final ConfigReport report;

  ConfigLexer(String file, boolean sectionsAllowed, ConfigReport report) {
    this.file = file;
    this.sectionsAllowed = sectionsAllowed;
    this.report = report;
  }

  void lex(Reader reader, Listener listener) throws IOException {
    BufferedReader in = new BufferedReader(reader);
    String raw;
    int lineNo = 0;
    while ((raw = in.readLine()) != null) {
      lineNo++;
      Source src = new Source(file, lineNo);
      String line = lineNo == 1 && raw.startsWith("\uFEFF") ? raw.substring(1) : raw;
      String trimmed = line.strip();
      if (trimmed.isEmpty() || trimmed.charAt(0) == '#' || trimmed.charAt(0) == ';') {
        continue;
      }
      if (trimmed.charAt(0) == '[') {
        lexSection(stripComment(trimmed, src), src, listener);
        continue;
      }
      int eq = trimmed.indexOf('=');
      if (eq < 0) {
        // Only the first word: the rest of "smtp_password hunter2" (a forgotten '=') is a secret.
        report.error(
            src, null, null, "expected \"key = value\", got \"" + firstWord(trimmed) + "\"");
        continue;
      }
      String key = trimmed.substring(0, eq).strip();
      if (key.isEmpty()) {
        report.error(src, null, null, "a setting needs a key before \"=\"");
        continue;
      }
      String value = unquote(trimmed.substring(eq + 1).strip(), key, src);
      if (value != null) {
        listener.entry(key, value, src);
      }
    }
  }

  private void lexSection(String header, Source src, Listener listener) {
    if (!header.endsWith("]")) {
      report.error(
          src, null, null, "section header \"" + abbreviate(header) + "\" lacks a closing \"]\"");
      return;
    }
    String name = header.substring(1, header.length() - 1).strip();
    if (!sectionsAllowed) {
      report.error(src, null, null, "sections are not used in this file, got [" + name + "]");
    } else if (name.isEmpty()) {
      report.error(src, null, null, "empty section name \"[]\"");
    } else {
      listener.section(name, src);
    }
  }

  /**
   * Returns the value with quotes and trailing comment removed, or null after reporting an error.
   */
  private String unquote(String rest, String key, Source src) {
    if (!rest.startsWith("\"")) {
      return stripComment(rest, src).strip();
    }
    StringBuilder out = new StringBuilder();
    int i = 1;
    for (; i < rest.length(); i++) {
      char c = rest.charAt(i);
      if (c == '\\' && i + 1 < rest.length()) {
        // Only \" and \\ are escapes here; any other backslash is kept, so that a regex ("^\.")
        // or a key that takes its own escapes (tcp send = "status\n") reads as written.
        char next = rest.charAt(++i);
        if (next != '"' && next != '\\') {
          out.append(c);
        }
        out.append(next);
      } else if (c == '"') {
        break;
      } else {
        out.append(c);
      }
    }
    if (i >= rest.length()) {
      report.error(src, null, key, "unterminated double-quoted value");
      return null;
    }
    String after = stripComment(rest.substring(i + 1), src).strip();
    if (!after.isEmpty()) {
      report.error(
          src, null, key, "unexpected text after the closing quote: \"" + abbreviate(after) + "\"");
      return null;
    }
    return out.toString();
  }

  private static String stripComment(String s, Source src) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if ((c == '#' || c == ';') && (i == 0 || Character.isWhitespace(s.charAt(i - 1)))) {
        return s.substring(0, i);
      }
    }
    return s;
  }

  static String firstWord(String s) {
    String[] w = s.split("\\s+", 2);
    return abbreviate(w[0]) + (w.length > 1 ? " …" : "");
  }

  static String abbreviate(String s) {
    return s.length() <= 60 ? s : s.substring(0, 57) + "...";
  }
}
