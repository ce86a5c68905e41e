package io.botasky.common.config;

/**
 * One configuration problem, formatted compiler-style: {@code file:line: [section] key: message}.
 *
 * @param section the section name, or null for the flat file
 * @param key the key, or null when the problem is about a whole line or section
 */
public record Problem(Level level, Source source, String section, String key, String message) {

  /** Errors stop the daemon (exit 78); warnings are logged and the setting is ignored. */
  public enum Level {
    ERROR,
    WARNING
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder().append(source).append(": ");
    if (section != null) {
      sb.append('[').append(section).append("] ");
    }
    if (key != null) {
      sb.append(key).append(": ");
    }
    return sb.append(message).toString();
  }
}
