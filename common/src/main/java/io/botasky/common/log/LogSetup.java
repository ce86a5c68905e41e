package io.botasky.common.log;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * Points the log at the file the configuration names ({@code PIHealthLog}, {@code log}, {@code
 * notifier_log}). Configured in code because the path is only known after the config is read; until
 * then, lines from INFO up go to stderr ({@link LogBackend}).
 *
 * <p>Line format: {@code 2026-11-21T10:00:00.123Z INFO ingest: message} — time, level, the event
 * source (the logger's simple name) and the message ({@link LineLayout}). Warnings and errors also
 * go to stderr, so a daemon under systemd shows them in {@code systemctl status} and the journal.
 */
public final class LogSetup {
  private LogSetup() {}

  /**
   * Logs to {@code file} (created with its folder) and WARN+ to stderr. Returns a note for the log
   * when the file cannot be opened, in which case everything goes to stderr instead.
   */
  public static String configure(Path file, boolean debug) {
    String problem = null;
    ConsoleSink warnings = new ConsoleSink(Level.WARN);
    List<LogSink> sinks = new ArrayList<>();
    if (file != null) {
      try {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
          Files.createDirectories(parent);
        }
        sinks.add(FileSink.open(file, System::currentTimeMillis, warnings));
      } catch (IOException | RuntimeException e) {
        problem = "cannot open log file " + file + " (" + e.getMessage() + "), logging to stderr";
      }
    }
    sinks.add(sinks.isEmpty() ? new ConsoleSink(Level.TRACE) : warnings);
    backend().configure(debug ? Level.DEBUG : Level.INFO, sinks);
    return problem;
  }

  /** Console only (CLI tools), at WARN unless debugging. */
  public static void consoleOnly(boolean debug) {
    backend().configure(debug ? Level.DEBUG : Level.WARN, List.of(new ConsoleSink(Level.TRACE)));
  }

  /** Where {@link #forwardWarnings} hands a line; must not block. */
  public interface LineSink {
    /**
     * @param level {@code warning} or {@code error}
     * @param text the line, cleaned for the log view
     */
    void offer(long ts, String level, String text);
  }

  /**
   * Also hands every WARN and ERROR line to {@code sink} (the log view's forwarding, docs/api.md,
   * "Log view"), except those of the loggers named in {@code excluded}: the forwarding path's own.
   * Call after {@link #configure}, which removes it again; closing the result removes it too.
   */
  public static AutoCloseable forwardWarnings(LineSink sink, Set<String> excluded) {
    LogBackend b = backend();
    ForwardAppender a = new ForwardAppender(sink, excluded);
    b.add(a);
    return () -> b.remove(a);
  }

  /** Closes the log file; called last on shutdown. Warnings still reach stderr. */
  public static void stop() {
    backend().stop();
  }

  private static LogBackend backend() {
    return (LogBackend) LoggerFactory.getILoggerFactory();
  }
}
