package io.botasky.agent.linux;

/**
 * {@code /etc/os-release}: the distribution's pretty name, e.g. {@code Debian GNU/Linux 12
 * (bookworm)}.
 */
public record OsRelease(String prettyName) {

  public static OsRelease parse(String text) {
    String name = null;
    String version = null;
    for (String line : text.split("\n")) {
      if (line.startsWith("PRETTY_NAME=")) {
        return new OsRelease(unquote(line.substring(12)));
      } else if (line.startsWith("NAME=")) {
        name = unquote(line.substring(5));
      } else if (line.startsWith("VERSION=")) {
        version = unquote(line.substring(8));
      }
    }
    if (name == null) {
      throw new IllegalArgumentException("neither PRETTY_NAME nor NAME");
    }
    return new OsRelease(version == null ? name : name + " " + version);
  }

  private static String unquote(String v) {
    String s = v.strip();
    if (s.length() >= 2
        && (s.charAt(0) == '"' || s.charAt(0) == '\'')
        && s.charAt(s.length() - 1) == s.charAt(0)) {
      s = s.substring(1, s.length() - 1);
    }
    return s;
  }
}
