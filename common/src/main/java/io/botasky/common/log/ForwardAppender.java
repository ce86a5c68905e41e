package io.botasky.common.log;

import io.botasky.common.wire.LogLine;
import java.util.Set;
import org.slf4j.event.Level;

/**
 * Hands a daemon's own WARN and ERROR lines to the log view (docs/api.md, "Log view"). The sink
 * must not block (a bounded queue's offer): logging is never held up. No recursion: a line logged
 * while the sink runs on the same thread is not forwarded (a per-thread guard of this appender),
 * and the loggers the forwarding path itself uses are left out by name, so its own problems cannot
 * feed it.
 */
final class ForwardAppender implements LogSink {
  private final LogSetup.LineSink sink;
  private final Set<String> excluded;
  private final ThreadLocal<Boolean> inSink = ThreadLocal.withInitial(() -> Boolean.FALSE);

  ForwardAppender(LogSetup.LineSink sink, Set<String> excluded) {
    this.sink = sink;
    this.excluded = Set.copyOf(excluded);
  }

  @Override
  public void write(LogEntry e) {
    if (e.level.toInt() < Level.WARN.toInt() || excluded.contains(e.logger) || inSink.get()) {
      return;
    }
    inSink.set(Boolean.TRUE);
    try {
      sink.offer(e.millis, e.level == Level.WARN ? "warning" : "error", text(e));
    } catch (RuntimeException ignored) {
      // Forwarding is best effort; the line is in the log file whatever happens here.
    } finally {
      inSink.set(Boolean.FALSE);
    }
  }

  /** {@code logger: message (Exception: its message)}, one line, cleaned. */
  static String text(LogEntry e) {
    String simple = e.logger.substring(e.logger.lastIndexOf('.') + 1);
    StringBuilder b = new StringBuilder(simple).append(": ").append(e.message);
    Throwable t = e.thrown;
    if (t != null) {
      b.append(" (").append(t.getClass().getName());
      if (t.getMessage() != null) {
        b.append(": ").append(t.getMessage());
      }
      b.append(')');
    }
    return LogLine.clean(b.toString(), LogLine.MAX_CHARS);
  }
}
