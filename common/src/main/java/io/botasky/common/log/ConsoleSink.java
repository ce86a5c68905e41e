package io.botasky.common.log;

import java.io.PrintStream;
import org.slf4j.event.Level;

/**
 * stderr, from {@code min} up: under systemd the journal and {@code systemctl status} show it. The
 * stream is looked up per line, as {@code System.err} may be replaced (a test capturing a CLI's
 * output).
 */
final class ConsoleSink implements LogSink {
  private final int min;

  ConsoleSink(Level min) {
    this.min = min.toInt();
  }

  @Override
  public void write(LogEntry e) {
    if (takes(e.level)) {
      print(e.line());
    }
  }

  /** Whether this sink writes {@code level}'s lines. */
  boolean takes(Level level) {
    return level.toInt() >= min;
  }

  /** One line to stderr, in one piece. */
  static void print(byte[] line) {
    PrintStream err = System.err;
    synchronized (err) {
      err.write(line, 0, line.length);
      err.flush();
    }
  }
}
