package io.botasky.common.log;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Hides secrets in text about to be printed or logged: the password of a URL's user information
 * ({@code redis://:pw@host}, {@code jdbc:mysql://u:pw@host}, {@code https://u:pw@host} become
 * {@code …:***@host}), and the value of anything named like a secret ({@code password=…}, {@code
 * access_token=…}, {@code "token":"…"}, {@code Bearer …}). A value is kept when it is already
 * {@code ***} or empty, so masking twice changes nothing.
 */
public final class Secrets {
  /** What a hidden value is replaced with. */
  public static final String MASK = "***";

  // scheme://[user]:password@  — the password runs to the last '@' before the host part ends.
  private static final Pattern USERINFO =
      Pattern.compile("([A-Za-z][A-Za-z0-9+.-]*://[^\\s/@:\"'<>]*:)([^\\s/\"'<>]*)@");

  // key=value (spaces allowed, as in a config line), "key":"value" (JSON) and key:value (no space,
  // so that "password: must not be empty" stays readable) for names that mean a secret. The value
  // ends at a separator a config file, a query string or JSON would use.
  private static final Pattern NAMED =
      Pattern.compile(
          "(?i)((?<![A-Za-z0-9])(?:[A-Za-z0-9_]*(?:password|passwd|secret|token|api_?key|signature)|pwd|sign)"
              + "(?:\"?\\s*=\\s*\"?|\":\\s*\"|:(?=\\S)))([^\\s&;,\"'<>)]+)");

  private static final Pattern BEARER =
      Pattern.compile("(?i)(\\b(?:Bearer|Basic)\\s+)([A-Za-z0-9._~+/=-]+)");

  private Secrets() {}

  /** {@code s} with every password and token value it carries replaced by {@link #MASK}. */
  public static String mask(String s) {
    if (s == null || s.isEmpty()) {
      return s;
    }
    String out = s;
    if (out.indexOf("://") >= 0) {
      out = replace(USERINFO, out);
    }
    if (out.indexOf('=') >= 0 || out.indexOf(':') >= 0) {
      out = replace(NAMED, out);
    }
    if (out.length() > 6) {
      out = replace(BEARER, out);
    }
    return out;
  }

  private static String replace(Pattern p, String s) {
    Matcher m = p.matcher(s);
    if (!m.find()) {
      return s;
    }
    StringBuilder b = new StringBuilder(s.length());
    int last = 0;
    do {
      String value = m.group(2);
      b.append(s, last, m.start(2));
      b.append(value.isEmpty() || value.equals(MASK) ? value : MASK);
      last = m.end(2);
    } while (m.find());
    return b.append(s, last, s.length()).toString();
  }
}
