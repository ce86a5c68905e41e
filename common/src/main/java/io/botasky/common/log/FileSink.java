package io.botasky.common.log;

import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.function.LongSupplier;

/**
 * The daemon's log file, opened for appending: each line is one {@code write(2)} at the file's
 * current end, so an operator tailing it sees it at once, a kill -9 loses nothing, and logrotate's
 * {@code copytruncate} (/etc/logrotate.d/botasky) needs no signal. A failed write (disk full, the
 * file's filesystem gone) does not lose the line: it goes to stderr with the reason — unless the
 * stderr sink beside the file writes that line anyway — and the file is opened again at most once a
 * second until that works.
 */
final class FileSink implements LogSink {
  private static final long RETRY_MILLIS = 1000;
  private final Path file;
  private final LongSupplier clock;
  private final ConsoleSink beside;
  private FileOutputStream out;
  private long retryAt;
  private boolean failing;

  private FileSink(Path file, LongSupplier clock, ConsoleSink beside, FileOutputStream out) {
    this.file = file;
    this.clock = clock;
    this.beside = beside;
    this.out = out;
  }

  /**
   * Opens {@code file} for appending; an I/O error (no such folder, no permission) is thrown.
   * {@code beside} is the stderr sink configured with it, whose lines a failed write need not
   * repeat there.
   */
  static FileSink open(Path file, LongSupplier clock, ConsoleSink beside) throws IOException {
    return new FileSink(file, clock, beside, new FileOutputStream(file.toFile(), true));
  }

  @Override
  public synchronized void write(LogEntry e) {
    byte[] line = e.line();
    if (out == null && clock.getAsLong() >= retryAt) {
      try {
        out = new FileOutputStream(file.toFile(), true);
      } catch (IOException ex) {
        retryAt = clock.getAsLong() + RETRY_MILLIS;
      }
    }
    if (out != null) {
      try {
        out.write(line);
        if (failing) {
          failing = false;
          notice("log: writing to " + file + " again");
        }
        return;
      } catch (IOException ex) {
        // Said once per outage, not once per line: a full disk would flood the journal.
        if (!failing) {
          failing = true;
          notice(
              "log: cannot write to " + file + " (" + ex.getMessage() + "); to stderr meanwhile");
        }
        closeQuietly();
        retryAt = clock.getAsLong() + RETRY_MILLIS;
      }
    }
    if (!beside.takes(e.level)) {
      ConsoleSink.print(line);
    }
  }

  @Override
  public synchronized void close() {
    closeQuietly();
    retryAt = Long.MAX_VALUE;
  }

  private void closeQuietly() {
    if (out != null) {
      try {
        out.close();
      } catch (IOException ignored) {
        // Nothing is buffered: every line was written when it came.
      }
      out = null;
    }
  }

  /** A line of the sink's own about the file, on stderr. */
  private static void notice(String text) {
    ConsoleSink.print((text + "\n").getBytes(StandardCharsets.UTF_8));
  }
}
