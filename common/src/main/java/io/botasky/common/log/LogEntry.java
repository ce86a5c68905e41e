package io.botasky.common.log;

import static java.nio.charset.StandardCharsets.UTF_8;

import org.slf4j.event.Level;

/**
 * One logging call, handed to every {@link LogSink}: the line is formatted once, and only if a sink
 * asks for it.
 */
final class LogEntry {
  final long millis;
  final Level level;
  final String logger;
  final String message;
  final Throwable thrown;
  private byte[] line;

  LogEntry(long millis, Level level, String logger, String message, Throwable thrown) {
    this.millis = millis;
    this.level = level;
    this.logger = logger;
    this.message = message;
    this.thrown = thrown;
  }

  /** The line as {@link LineLayout} writes it, UTF-8; the entry stays on its caller's thread. */
  byte[] line() {
    if (line == null) {
      line = LineLayout.format(millis, level, logger, message, thrown).getBytes(UTF_8);
    }
    return line;
  }
}
