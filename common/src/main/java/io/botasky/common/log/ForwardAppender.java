package io.botasky.common.log;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import io.botasky.common.wire.LogLine;
import java.util.Set;

/**
 * Hands a daemon's own WARN and ERROR lines to the log view (docs/api.md, "Log view"). The sink
 * must not block (a bounded queue's offer): logging is never held up. No recursion: a line logged
 * while the sink runs on the same thread is not forwarded (a per-thread guard of this appender),
 * and the loggers the forwarding path itself uses are left out by name, so its own problems cannot
 * feed it.
 */
final class ForwardAppender extends UnsynchronizedAppenderBase<ILoggingEvent> {
  private final LogSetup.LineSink sink;
  private final Set<String> excluded;
  private final ThreadLocal<Boolean> inSink = ThreadLocal.withInitial(() -> Boolean.FALSE);

  ForwardAppender(LogSetup.LineSink sink, Set<String> excluded) {
    this.sink = sink;
    this.excluded = Set.copyOf(excluded);
  }

  @Override
  protected void append(ILoggingEvent e) {
    if (!e.getLevel().isGreaterOrEqual(Level.WARN)
        || excluded.contains(e.getLoggerName())
        || inSink.get()) {
      return;
    }
    inSink.set(Boolean.TRUE);
    try {
      sink.offer(e.getTimeStamp(), e.getLevel() == Level.WARN ? "warning" : "error", text(e));
    } catch (RuntimeException ignored) {
      // Forwarding is best effort; the line is in the log file whatever happens here.
    } finally {
      inSink.set(Boolean.FALSE);
    }
  }

  /** {@code logger: message (Exception: its message)}, one line, cleaned. */
  static String text(ILoggingEvent e) {
    String name = e.getLoggerName();
    String simple = name.substring(name.lastIndexOf('.') + 1);
    StringBuilder b = new StringBuilder(simple).append(": ").append(e.getFormattedMessage());
    IThrowableProxy t = e.getThrowableProxy();
    if (t != null) {
      b.append(" (").append(t.getClassName());
      if (t.getMessage() != null) {
        b.append(": ").append(t.getMessage());
      }
      b.append(')');
    }
    return LogLine.clean(b.toString(), LogLine.MAX_CHARS);
  }
}
