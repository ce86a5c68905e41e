package io.botasky.common.log;

import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;

/**
 * An SLF4J logger of {@link LogBackend}: a level check is one read of a volatile int, so a disabled
 * debug call costs next to nothing; an enabled call is formatted once and handed to the backend's
 * sinks on the caller's thread.
 */
final class LineLogger extends LegacyAbstractLogger {
  private static final long serialVersionUID = 1L;
  private final transient LogBackend backend;
  private volatile int threshold;

  LineLogger(String name, LogBackend backend, Level threshold) {
    this.name = name;
    this.backend = backend;
    this.threshold = threshold.toInt();
  }

  void threshold(Level level) {
    threshold = level.toInt();
  }

  @Override
  public boolean isTraceEnabled() {
    return threshold <= Level.TRACE.toInt();
  }

  @Override
  public boolean isDebugEnabled() {
    return threshold <= Level.DEBUG.toInt();
  }

  @Override
  public boolean isInfoEnabled() {
    return threshold <= Level.INFO.toInt();
  }

  @Override
  public boolean isWarnEnabled() {
    return threshold <= Level.WARN.toInt();
  }

  @Override
  public boolean isErrorEnabled() {
    return threshold <= Level.ERROR.toInt();
  }

  @Override
  protected String getFullyQualifiedCallerName() {
    return null;
  }

  @Override
  protected void handleNormalizedLoggingCall(
      Level level, Marker marker, String pattern, Object[] args, Throwable thrown) {
    String message =
        args == null || args.length == 0
            ? pattern
            : MessageFormatter.basicArrayFormat(pattern, args);
    backend.write(new LogEntry(backend.millis(), level, name, message, thrown));
  }
}
