package io.botasky.agent.spool;

/** Cheap checks on data-file lines, used where parsing 30 MB of JSON would cost a Pi seconds. */
final class DataLines {
  private static final String HEAD = "{\"batch_id\":\"";
  private static final String METRIC = "\"metric\":";

  private DataLines() {}

  /**
   * Whether a line looks complete: the batch head, the closing brackets, and no NUL (a power cut
   * can leave the tail of a file zero-filled).
   */
  static boolean looksComplete(String line) {
    return line.startsWith(HEAD) && line.endsWith("]}") && line.indexOf('\0') < 0;
  }

  /**
   * Samples in a line. A quote inside a JSON string is escaped, so {@code "metric":} can only be a
   * field name.
   */
  static long countSamples(String line) {
    long n = 0;
    for (int i = line.indexOf(METRIC); i >= 0; i = line.indexOf(METRIC, i + METRIC.length())) {
      n++;
    }
    return n;
  }
}
