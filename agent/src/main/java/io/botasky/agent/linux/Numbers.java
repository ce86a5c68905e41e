package io.botasky.agent.linux;

/** Number parsing for the pure parsers: a bad field becomes an IllegalArgumentException naming it. */
final class Numbers {
  private Numbers() {}

  static double decimal(String s, String what) {
    try {
      double d = Double.parseDouble(s);
      if (!Double.isFinite(d)) {
        throw new NumberFormatException();
      }
      return d;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(what + ": not a number: \"" + abbreviate(s) + "\"");
    }
  }

  static long whole(String s, String what) {
    try {
      return Long.parseLong(s);
    } catch (NumberFormatException e) {
      // Counters past 2^63 do not occur in practice; anything else here is garbage.
      throw new IllegalArgumentException(what + ": not a whole number: \"" + abbreviate(s) + "\"");
    }
  }

  /**
   * Whitespace-separated fields, like {@code strip().split("\\s+")} but without compiling a regular
   * expression on every call: these parsers run every few seconds for months. Never empty: a blank
   * text gives one empty field, as split does.
   */
  static String[] fields(String s) {
    java.util.ArrayList<String> out = new java.util.ArrayList<>(8);
    int i = 0;
    int n = s.length();
    while (i < n) {
      while (i < n && Character.isWhitespace(s.charAt(i))) {
        i++;
      }
      int start = i;
      while (i < n && !Character.isWhitespace(s.charAt(i))) {
        i++;
      }
      if (i > start) {
        out.add(s.substring(start, i));
      }
    }
    if (out.isEmpty()) {
      out.add("");
    }
    return out.toArray(new String[0]);
  }

  static String abbreviate(String s) {
    return s.length() > 40 ? s.substring(0, 40) + "…" : s;
  }
}
