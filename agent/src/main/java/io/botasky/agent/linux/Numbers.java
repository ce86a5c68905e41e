package io.botasky.agent.linux;

/**
 * Number parsing for the pure parsers: a bad field becomes an IllegalArgumentException naming it.
 */
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

  /**
   * Largest count accepted: 2^53 - 1, so a value in kB times 1024, or a sum of a few, never
   * overflows.
   */
  static final long MAX_WHOLE = (1L << 53) - 1;

  /**
   * A count of ASCII digits from 0 to {@link #MAX_WHOLE}. Long.parseLong would also take a sign and
   * non-ASCII digits ("٣"), and values whose kB-to-bytes product overflows: none is a real count.
   */
  static long whole(String s, String what) {
    if (s.isEmpty() || s.length() > 16) {
      throw notWhole(s, what);
    }
    long n = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        throw notWhole(s, what);
      }
      n = n * 10 + (c - '0');
    }
    if (n > MAX_WHOLE) {
      throw notWhole(s, what);
    }
    return n;
  }

  private static IllegalArgumentException notWhole(String s, String what) {
    return new IllegalArgumentException(
        what + ": not a whole number from 0 to 2^53-1: \"" + abbreviate(s) + "\"");
  }

  /**
   * Whitespace-separated fields, like {@code strip().split("\\s+")} but without compiling a regular
   * expression on every call: these parsers run every few seconds for months. Never empty: a blank
   * text gives one empty field, as split does.
   */
  static String[] fields(String s) {
    return fields(s, Integer.MAX_VALUE);
  }

  /**
   * The first {@code limit} of {@link #fields(String)}: a parser that needs the first few of many
   * fields (a process's stat line has 52, the runaway scan reads every process's twice a round)
   * splits no further.
   */
  static String[] fields(String s, int limit) {
    java.util.ArrayList<String> out = new java.util.ArrayList<>(8);
    int i = 0;
    int n = s.length();
    while (i < n && out.size() < limit) {
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
