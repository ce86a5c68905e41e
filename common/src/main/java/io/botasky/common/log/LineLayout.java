package io.botasky.common.log;

import io.botasky.common.text.SafeText;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.slf4j.event.Level;

/**
 * The log line: {@code 2026-11-21T10:00:00.123Z INFO ingest: message} — UTC time, the level padded
 * to five, the logger's simple name, the message — then the stack trace if any ({@link
 * SafeThrowable}). The message is neutralised: one line with every control escaped ({@link
 * SafeText#line}) and passwords and tokens masked ({@link Secrets#mask}), so no value from outside
 * can forge a line or recolour a terminal tailing the file (docs/operations.md, "Read the logs").
 */
final class LineLayout {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX").withZone(ZoneOffset.UTC);

  private LineLayout() {}

  static String format(long millis, Level level, String logger, String message, Throwable t) {
    StringBuilder b = new StringBuilder(160);
    TIME.formatTo(Instant.ofEpochMilli(millis), b);
    b.append(' ');
    String name = level.toString();
    b.append(name);
    for (int i = name.length(); i < 5; i++) {
      b.append(' ');
    }
    b.append(' ');
    b.append(logger, logger.lastIndexOf('.') + 1, logger.length());
    b.append(": ").append(SafeText.line(Secrets.mask(String.valueOf(message)))).append('\n');
    if (t != null) {
      SafeThrowable.appendTrace(b, t);
    }
    return b.toString();
  }
}
