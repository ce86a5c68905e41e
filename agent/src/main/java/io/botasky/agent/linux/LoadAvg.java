package io.botasky.agent.linux;

/** {@code /proc/loadavg}: the 1, 5 and 15 minute load averages. */
public record LoadAvg(double load1, double load5, double load15) {

  /** Parses {@code "0.40 0.23 0.11 1/186 9352"}. */
  public static LoadAvg parse(String text) {
    String[] f = Numbers.fields(text);
    if (f.length < 3 || f[0].isEmpty()) {
      throw new IllegalArgumentException(
          "expected at least 3 fields, got " + (f[0].isEmpty() ? 0 : f.length));
    }
    return new LoadAvg(
        Numbers.decimal(f[0], "load1"),
        Numbers.decimal(f[1], "load5"),
        Numbers.decimal(f[2], "load15"));
  }
}
