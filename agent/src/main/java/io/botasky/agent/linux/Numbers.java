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

  static String abbreviate(String s) {
    return s.length() > 40 ? s.substring(0, 40) + "…" : s;
  }
}
