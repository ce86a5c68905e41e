package io.botasky.agent.probe.mysql;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads the first row of the mysql client's vertical ({@code \G}) output, as captured in fixtures.
 */
final class VerticalRows {
  private VerticalRows() {}

  static Map<String, String> parse(String text) {
    Map<String, String> row = new LinkedHashMap<>();
    for (String line : text.split("\n")) {
      if (line.startsWith("***")) {
        if (!row.isEmpty()) {
          break;
        }
        continue;
      }
      int colon = line.indexOf(':');
      if (colon > 0) {
        String value = line.substring(colon + 1).strip();
        row.put(line.substring(0, colon).strip(), value.equals("NULL") ? null : value);
      }
    }
    return row;
  }

  static Map<String, String> fixture(String path) {
    try (InputStream in = VerticalRows.class.getResourceAsStream("/fixtures/mysql/" + path)) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture " + path);
      }
      return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
