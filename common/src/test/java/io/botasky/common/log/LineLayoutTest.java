package io.botasky.common.log;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.LoggingEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.junit.jupiter.api.Test;

/**
 * The hand-written layout and logback's PatternLayout with {@link LogSetup#PATTERN} write the same
 * lines.
 */
class LineLayoutTest {
  private final LoggerContext ctx = new LoggerContext();

  private LoggingEvent event(
      String logger, Level level, long millis, String msg, Throwable t, Object... args) {
    Logger l = ctx.getLogger(logger);
    LoggingEvent e = new LoggingEvent(Logger.class.getName(), l, level, msg, t, args);
    e.setTimeStamp(millis);
    return e;
  }

  @Test
  void sameLinesAsThePattern() {
    PatternLayout pattern = new PatternLayout();
    pattern.setContext(ctx);
    pattern.setPattern(LogSetup.PATTERN);
    pattern.start();
    LineLayout line = new LineLayout();
    line.setContext(ctx);
    line.start();
    IOException cause = new IOException("disk full");
    IllegalStateException top =
        new IllegalStateException("spool broken", new UncheckedIOException(cause));
    top.addSuppressed(new IOException("close failed"));
    LoggingEvent[] events = {
      event(
          "io.botasky.agent.ship.Spool", Level.INFO, 1795253892620L, "spool: {} batches", null, 3),
      event(
          "boagent",
          Level.WARN,
          0L,
          "probe: {} failed: {}",
          null,
          "system/users",
          "permission denied"),
      event(
          "io.botasky.Deliverer", Level.ERROR, 1795253892001L, "deliver: unexpected failure", top),
      event("x.y.Z", Level.DEBUG, 1795253892999L, "round: a at 1 samples 2 ünïcode °C", null),
    };
    for (LoggingEvent e : events) {
      assertThat(line.doLayout(e)).isEqualTo(pattern.doLayout(e));
    }
    assertThat(line.doLayout(events[0]))
        .isEqualTo("2026-11-21T09:38:12.620Z INFO  Spool: spool: 3 batches\n");
  }

  @Test
  void messagesAndExceptionMessagesAreOneNeutralLine() {
    LineLayout line = new LineLayout();
    line.setContext(ctx);
    line.start();
    String vip = "10.9.9.9\r\n2026-11-21T10:00:00.000Z ERROR ingest: FORGED\u001b[31m";
    String out =
        line.doLayout(
            event(
                "io.botasky.collector.ingest.SplitBrainDetector",
                Level.WARN,
                0L,
                "split_brain: {} held by {} (redis {}) \u202e\u2028\u009b",
                null,
                vip,
                "pi3",
                "redis://:hunter2@10.0.0.1:6379/0"));
    assertThat(out)
        .isEqualTo(
            "1970-01-01T00:00:00.000Z WARN  SplitBrainDetector: split_brain: 10.9.9.9\\r"
                + "\\n"
                + "2026-11-21T10:00:00.000Z ERROR ingest: FORGED\\x1b[31m held by pi3 (redis"
                + " redis://:***@10.0.0.1:6379/0) \\u202e\\u2028\\x9b\n");

    IllegalArgumentException t =
        new IllegalArgumentException(
            "bad host \"x\nFORGED\u001b[2J\" in jdbc:mysql://u:pw@db/x",
            new IllegalStateException("cause\r\nFORGED too"));
    t.addSuppressed(new RuntimeException("suppressed\nFORGED"));
    String trace = line.doLayout(event("x.y.Z", Level.ERROR, 0L, "failed", t));
    assertThat(trace.lines().filter(l -> l.startsWith("FORGED"))).isEmpty();
    assertThat(trace)
        .doesNotContain("\u001b", "\r", "pw@")
        .contains(
            "java.lang.IllegalArgumentException: bad host \"x\\n"
                + "FORGED\\x1b[2J\" in jdbc:mysql://u:***@db/x\n"
                + "\tat ")
        .contains("Caused by: java.lang.IllegalStateException: cause\\r\\nFORGED too\n")
        .contains("\tSuppressed: java.lang.RuntimeException: suppressed\\nFORGED\n");
    assertThat(trace.lines().filter(l -> !l.startsWith("\t") && !l.startsWith("Caused by: ")))
        .as(trace)
        .hasSize(2);
  }
}
