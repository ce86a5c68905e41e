package io.botasky.common.log;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.LayoutBase;
import io.botasky.common.text.SafeText;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The log line, written out by hand: {@code 2026-11-21T10:00:00.123Z INFO ingest: message}, then
 * the stack trace if any — what the pattern {@link LogSetup#PATTERN} gives, without PatternLayout.
 * Its parser, converters and the 68 method-reference classes of its converter table stay loaded for
 * the life of a daemon, and the agent's whole footprint budget is 48 MB.
 *
 * <p>Unlike the pattern, the message and each exception message are neutralised: one line with
 * every control escaped ({@link SafeText#line}) and passwords and tokens masked ({@link
 * Secrets#mask}).
 */
final class LineLayout extends LayoutBase<ILoggingEvent> {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX").withZone(ZoneOffset.UTC);

  @Override
  public String doLayout(ILoggingEvent e) {
    StringBuilder b = new StringBuilder(160);
    TIME.formatTo(Instant.ofEpochMilli(e.getTimeStamp()), b);
    b.append(' ');
    String level = e.getLevel().toString();
    b.append(level);
    for (int i = level.length(); i < 5; i++) {
      b.append(' ');
    }
    b.append(' ');
    String logger = e.getLoggerName();
    b.append(logger, logger.lastIndexOf('.') + 1, logger.length());
    // A message quotes what came from outside (hosts, summaries, bodies, paths): one line, controls
    // escaped, secrets masked, so no value can forge a line or recolour a terminal tailing the
    // file.
    b.append(": ")
        .append(SafeText.line(Secrets.mask(e.getFormattedMessage())))
        .append(CoreConstants.LINE_SEPARATOR);
    IThrowableProxy t = e.getThrowableProxy();
    if (t != null) {
      b.append(SafeThrowable.stackTrace(t));
    }
    return b.toString();
  }
}
