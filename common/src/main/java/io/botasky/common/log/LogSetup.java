package io.botasky.common.log;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.filter.ThresholdFilter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.FileAppender;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.slf4j.LoggerFactory;

/**
 * Points Logback at the file the configuration names ({@code PIHealthLog}, {@code log}, {@code
 * notifier_log}). Configured in code because the path is only known after the config is read; until
 * then, Logback's default console output is used.
 *
 * <p>Line format: {@code 2026-11-21T10:00:00.123Z INFO ingest: message} — time, level, the event
 * source (the logger's simple name) and the message. Warnings and errors also go to stderr, so a
 * daemon under systemd shows them in {@code systemctl status} and the journal.
 */
public final class LogSetup {
  /** The line format in logback's pattern language; {@link LineLayout} writes exactly this. */
  static final String PATTERN =
      "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX,UTC} %-5level %logger{0}: %msg%n%ex{full}";

  private LogSetup() {}

  /**
   * Logs to {@code file} (created with its folder) and WARN+ to stderr. Returns a note for the log
   * when the file cannot be opened, in which case everything goes to stderr instead.
   */
  public static String configure(Path file, boolean debug) {
    LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
    ctx.reset();
    Logger root = ctx.getLogger(Logger.ROOT_LOGGER_NAME);
    root.setLevel(debug ? Level.DEBUG : Level.INFO);
    quietLibraries(ctx);
    String problem = null;
    if (file != null) {
      try {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
          Files.createDirectories(parent);
        }
        FileAppender<ILoggingEvent> fa = new FileAppender<>();
        fa.setContext(ctx);
        fa.setName("file");
        fa.setFile(file.toString());
        fa.setAppend(true);
        // Each line reaches the file at once: an operator tails it, and a kill -9 loses nothing.
        fa.setImmediateFlush(true);
        fa.setEncoder(encoder(ctx));
        fa.start();
        if (fa.isStarted()) {
          root.addAppender(fa);
        } else {
          problem = "cannot open log file " + file + ", logging to stderr";
        }
      } catch (IOException | RuntimeException e) {
        problem = "cannot open log file " + file + " (" + e.getMessage() + "), logging to stderr";
      }
    }
    ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
    console.setContext(ctx);
    console.setName("stderr");
    console.setTarget("System.err");
    console.setEncoder(encoder(ctx));
    if (file != null && problem == null) {
      ThresholdFilter warn = new ThresholdFilter();
      warn.setLevel("WARN");
      warn.setContext(ctx);
      warn.start();
      console.addFilter(warn);
    }
    console.start();
    root.addAppender(console);
    return problem;
  }

  /** Console only (CLI tools), at WARN unless debugging. */
  public static void consoleOnly(boolean debug) {
    LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
    ctx.reset();
    Logger root = ctx.getLogger(Logger.ROOT_LOGGER_NAME);
    root.setLevel(debug ? Level.DEBUG : Level.WARN);
    quietLibraries(ctx);
    ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
    console.setContext(ctx);
    console.setTarget("System.err");
    console.setEncoder(encoder(ctx));
    console.start();
    root.addAppender(console);
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
    LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
    ForwardAppender a = new ForwardAppender(sink, excluded);
    a.setContext(ctx);
    a.setName("forward");
    a.start();
    Logger root = ctx.getLogger(Logger.ROOT_LOGGER_NAME);
    root.addAppender(a);
    return () -> {
      root.detachAppender(a);
      a.stop();
    };
  }

  /** Flushes and closes appenders; called last on shutdown. */
  public static void stop() {
    ((LoggerContext) LoggerFactory.getILoggerFactory()).stop();
  }

  private static void quietLibraries(LoggerContext ctx) {
    ctx.getLogger("com.zaxxer.hikari").setLevel(Level.WARN);
    ctx.getLogger("org.flywaydb").setLevel(Level.WARN);
    ctx.getLogger("io.netty").setLevel(Level.WARN);
    ctx.getLogger("h2database").setLevel(Level.WARN);
    ctx.getLogger("redis.clients").setLevel(Level.WARN);
  }

  private static LayoutWrappingEncoder<ILoggingEvent> encoder(LoggerContext ctx) {
    LineLayout layout = new LineLayout();
    layout.setContext(ctx);
    layout.start();
    LayoutWrappingEncoder<ILoggingEvent> enc = new LayoutWrappingEncoder<>();
    enc.setContext(ctx);
    enc.setLayout(layout);
    enc.setCharset(java.nio.charset.StandardCharsets.UTF_8);
    enc.start();
    return enc;
  }
}
