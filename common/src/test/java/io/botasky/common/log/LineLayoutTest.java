package io.botasky.common.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.event.Level;
import org.slf4j.helpers.MessageFormatter;

/**
 * The log line (docs/operations.md, "Read the logs") and its stack trace: the shape every Java
 * operator knows, with each message one neutral line.
 */
class LineLayoutTest {
  @Test
  void theLineFormat() {
    assertThat(
            LineLayout.format(
                1795253892620L,
                Level.INFO,
                "io.botasky.agent.ship.Spool",
                "spool: 3 batches",
                null))
        .isEqualTo("2026-11-21T09:38:12.620Z INFO  Spool: spool: 3 batches\n");
    assertThat(LineLayout.format(0L, Level.WARN, "boagent", "probe: x failed", null))
        .isEqualTo("1970-01-01T00:00:00.000Z WARN  boagent: probe: x failed\n");
    assertThat(LineLayout.format(1795253892999L, Level.DEBUG, "x.y.Z", "ünïcode °C", null))
        .isEqualTo("2026-11-21T09:38:12.999Z DEBUG Z: ünïcode °C\n");
    assertThat(LineLayout.format(1795253892001L, Level.ERROR, "a.B", null, null))
        .isEqualTo("2026-11-21T09:38:12.001Z ERROR B: null\n");
  }

  @Test
  void theTraceNamesCausesAndSuppressedAndOmitsCommonFrames() {
    IOException cause = new IOException("disk full");
    IllegalStateException top =
        new IllegalStateException("spool broken", new UncheckedIOException(cause));
    top.addSuppressed(new IOException("close failed"));
    String trace = LineLayout.format(0L, Level.ERROR, "io.botasky.Deliverer", "failed", top);
    List<String> lines = trace.lines().toList();
    assertThat(lines.get(0)).isEqualTo("1970-01-01T00:00:00.000Z ERROR Deliverer: failed");
    assertThat(lines.get(1)).isEqualTo("java.lang.IllegalStateException: spool broken");
    assertThat(lines.get(2)).startsWith("\tat io.botasky.common.log.LineLayoutTest.");
    int frames = top.getStackTrace().length;
    assertThat(lines.subList(2, 2 + frames)).allMatch(l -> l.startsWith("\tat "));
    // Made on another line of the same method: all frames shared but the first.
    assertThat(lines.get(2 + frames)).isEqualTo("\tSuppressed: java.io.IOException: close failed");
    assertThat(lines.get(3 + frames)).startsWith("\t\tat io.botasky.common.log.LineLayoutTest.");
    assertThat(lines.get(4 + frames)).matches("\t\t\\.\\.\\. \\d+ common frames omitted");
    assertThat(lines.get(5 + frames))
        .isEqualTo("Caused by: java.io.UncheckedIOException: java.io.IOException: disk full");
    // Made on the same line as the top one: every frame is shared.
    assertThat(lines.get(6 + frames)).matches("\t\\.\\.\\. \\d+ common frames omitted");
    assertThat(lines.get(7 + frames)).isEqualTo("Caused by: java.io.IOException: disk full");
    assertThat(lines.get(8 + frames)).startsWith("\tat io.botasky.common.log.LineLayoutTest.");
    assertThat(lines).hasSize(10 + frames);
    assertThat(trace).endsWith(" common frames omitted\n");
  }

  @Test
  void aCauseCycleEnds() {
    IllegalStateException a = new IllegalStateException("a");
    IllegalArgumentException b = new IllegalArgumentException("b", a);
    a.initCause(b);
    assertThat(LineLayout.format(0L, Level.ERROR, "x.Y", "cycle", a))
        .contains("Caused by: java.lang.IllegalArgumentException: b\n")
        .endsWith("Caused by: [CIRCULAR REFERENCE: java.lang.IllegalStateException: a]\n");
  }

  @Test
  void messagesAndExceptionMessagesAreOneNeutralLine() {
    String vip = "10.9.9.9\r\n2026-11-21T10:00:00.000Z ERROR ingest: FORGED\u001b[31m";
    String out =
        LineLayout.format(
            0L,
            Level.WARN,
            "io.botasky.collector.ingest.SplitBrainDetector",
            MessageFormatter.arrayFormat(
                    "split_brain: {} held by {} (redis {}) \u202e\u2028\u009b",
                    new Object[] {vip, "pi3", "redis://:hunter2@10.0.0.1:6379/0"})
                .getMessage(),
            null);
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
    String trace = LineLayout.format(0L, Level.ERROR, "x.y.Z", "failed", t);
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
