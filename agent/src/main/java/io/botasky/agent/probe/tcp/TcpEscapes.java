package io.botasky.agent.probe.tcp;

/**
 * The escapes of a {@code [tcp:NAME]} {@code send} value: {@code \r \n \t \\}. Any other backslash
 * is an error, so that a typo like {@code \N} is caught at load instead of sending two bytes the
 * operator did not mean.
 */
public final class TcpEscapes {
  private TcpEscapes() {}

  /** The decoded text; throws IllegalArgumentException naming the bad escape. */
  public static String decode(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c != '\\') {
        b.append(c);
        continue;
      }
      if (i + 1 >= s.length()) {
        throw new IllegalArgumentException("a lone \\ at the end (write \\\\ for a backslash)");
      }
      char e = s.charAt(++i);
      switch (e) {
        case 'r' -> b.append('\r');
        case 'n' -> b.append('\n');
        case 't' -> b.append('\t');
        case '\\' -> b.append('\\');
        default ->
            throw new IllegalArgumentException(
                "unknown escape \\" + e + " (known: \\r \\n \\t \\\\)");
      }
    }
    return b.toString();
  }
}
