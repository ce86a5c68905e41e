package io.botasky.agent.probe.redis;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Parses the text of Redis {@code INFO}: {@code key:value} lines, {@code # Section} headers
 * skipped.
 */
public final class RedisInfoParser {
  private RedisInfoParser() {}

  public static Map<String, String> parse(String text) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String raw : text.split("\n")) {
      String line = raw.strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      int colon = line.indexOf(':');
      if (colon > 0) {
        out.put(line.substring(0, colon), line.substring(colon + 1));
      }
    }
    return out;
  }
}
