package io.botasky.common.config;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as operators write them: {@code 500ms 5s 10m 2h 1d}. A bare number is refused, and so
 * is anything longer than {@link #MAX_MILLIS}: every caller needs the value in milliseconds ({@link
 * Duration#toMillis()} overflows past 292 million years), and {@link #format} must write back what
 * {@link #parse} reads.
 */
public final class Durations {
  /** 100 years (36500d): longer than any timeout or retention, far below where millis overflow. */
  public static final long MAX_MILLIS = 36_500L * 86_400_000L;

  private static final Pattern FORM = Pattern.compile("(\\d{1,16})\\s*(ms|s|m|h|d)");

  private Durations() {}

  public static Duration parse(String text) {
    Matcher m = FORM.matcher(text.strip().toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "expected a duration like \"30s\" (units ms, s, m, h, d), got \"" + text + "\"");
    }
    long n = Long.parseLong(m.group(1));
    long unit =
        switch (m.group(2)) {
          case "ms" -> 1L;
          case "s" -> 1000L;
          case "m" -> 60_000L;
          case "h" -> 3_600_000L;
          default -> 86_400_000L;
        };
    if (n > MAX_MILLIS / unit) {
      throw new IllegalArgumentException("duration \"" + text + "\" is too long (at most 36500d)");
    }
    return Duration.ofMillis(n * unit);
  }

  /**
   * The shortest exact form: {@code 90s} stays {@code 90s}, {@code 7200s} becomes {@code 2h}. For
   * durations of 0 to {@link #MAX_MILLIS}, {@code parse(format(d))} is {@code d}.
   */
  public static String format(Duration d) {
    long ms = d.toMillis();
    if (ms % 86_400_000L == 0 && ms != 0) {
      return ms / 86_400_000L + "d";
    } else if (ms % 3_600_000L == 0 && ms != 0) {
      return ms / 3_600_000L + "h";
    } else if (ms % 60_000L == 0 && ms != 0) {
      return ms / 60_000L + "m";
    } else if (ms % 1000L == 0) {
      return ms / 1000L + "s";
    }
    return ms + "ms";
  }
}
