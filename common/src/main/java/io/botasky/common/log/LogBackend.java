package io.botasky.common.log;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.Logger;
import org.slf4j.event.Level;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.helpers.NOPMDCAdapter;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * The daemons' SLF4J backend (found by SLF4J through {@code META-INF/services}): loggers with a
 * level each, and the sinks every enabled line goes to — the log file, stderr, the log view's
 * forwarding ({@link LogSetup} configures them). It replaces Logback, of which the daemons used a
 * file, stderr and one line format: some 100 classes fewer in every daemon, which the agent's
 * footprint needs (docs/agent.md, "Footprint").
 *
 * <p>Until {@link LogSetup} configures it, lines from INFO up go to stderr. The libraries' chatter
 * (connection pools, Netty, Flyway, H2, Jedis) is kept to WARN and above at every level of ours.
 */
public final class LogBackend implements SLF4JServiceProvider, ILoggerFactory {
  /** Loggers (and their children) whose INFO and DEBUG lines nobody reading our log needs. */
  static final List<String> QUIET =
      List.of("com.zaxxer.hikari", "org.flywaydb", "io.netty", "h2database", "redis.clients");

  private final ConcurrentMap<String, LineLogger> loggers = new ConcurrentHashMap<>();
  private final IMarkerFactory markers = new BasicMarkerFactory();
  private final MDCAdapter mdc = new NOPMDCAdapter();
  private volatile Level root = Level.INFO;
  private volatile LogSink[] sinks = {new ConsoleSink(Level.TRACE)};

  @Override
  public void initialize() {
    // Everything is ready from construction on.
  }

  @Override
  public ILoggerFactory getLoggerFactory() {
    return this;
  }

  @Override
  public IMarkerFactory getMarkerFactory() {
    return markers;
  }

  @Override
  public MDCAdapter getMDCAdapter() {
    return mdc;
  }

  @Override
  public String getRequestedApiVersion() {
    return "2.0.99";
  }

  @Override
  public Logger getLogger(String name) {
    LineLogger l = loggers.get(name);
    if (l != null) {
      return l;
    }
    // Made under the lock configure() holds, so a new logger cannot miss a level change.
    synchronized (this) {
      return loggers.computeIfAbsent(name, n -> new LineLogger(n, this, threshold(n, root)));
    }
  }

  /** The lowest level {@code name} logs at under {@code root}. */
  static Level threshold(String name, Level root) {
    for (String q : QUIET) {
      if (name.startsWith(q) && (name.length() == q.length() || name.charAt(q.length()) == '.')) {
        return root.toInt() > Level.WARN.toInt() ? root : Level.WARN;
      }
    }
    return root;
  }

  /** Every logger from {@code root} up (the quiet ones from WARN), to exactly {@code sinks}. */
  synchronized void configure(Level root, List<LogSink> sinks) {
    LogSink[] old = this.sinks;
    this.root = root;
    for (Map.Entry<String, LineLogger> e : loggers.entrySet()) {
      e.getValue().threshold(threshold(e.getKey(), root));
    }
    this.sinks = sinks.toArray(new LogSink[0]);
    for (LogSink s : old) {
      if (!sinks.contains(s)) {
        s.close();
      }
    }
  }

  synchronized void add(LogSink sink) {
    List<LogSink> now = new ArrayList<>(List.of(sinks));
    now.add(sink);
    sinks = now.toArray(new LogSink[0]);
  }

  synchronized void remove(LogSink sink) {
    List<LogSink> now = new ArrayList<>(List.of(sinks));
    if (now.remove(sink)) {
      sinks = now.toArray(new LogSink[0]);
      sink.close();
    }
  }

  /** Closes every sink but stderr's warnings: called last on shutdown. */
  void stop() {
    configure(root, List.of(new ConsoleSink(Level.WARN)));
  }

  // A line's time is the wall clock's: SLF4J makes the provider itself, so there is no clock to
  // inject, and a log line is wiring-level output (docs/developing.md).
  long millis() {
    return System.currentTimeMillis();
  }

  void write(LogEntry e) {
    for (LogSink s : sinks) {
      try {
        s.write(e);
      } catch (RuntimeException ignored) {
        // A sink's bug must not reach the code that logged, nor keep the line from the others.
      }
    }
  }
}
