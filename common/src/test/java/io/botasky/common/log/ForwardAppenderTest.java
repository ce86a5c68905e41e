package io.botasky.common.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The forwarding hook: WARN and ERROR only, never the excluded loggers, no recursion when the sink
 * itself logs, one clean line with the exception's class and message, and gone once closed.
 */
class ForwardAppenderTest {
  private final List<String> got = new ArrayList<>();

  @Test
  void forwardsWarningsAndErrorsOnlyWithoutRecursion() throws Exception {
    Logger sinkLog = LoggerFactory.getLogger("forward-test-sink");
    AutoCloseable hook =
        LogSetup.forwardWarnings(
            (ts, level, text) -> {
              got.add(level + " " + text);
              // A sink that logs a warning itself must not be called again for it.
              sinkLog.warn("sink saw a line");
            },
            Set.of("logforward"));
    try {
      Logger log = LoggerFactory.getLogger("io.botasky.x.ingest");
      log.info("not forwarded");
      log.warn("disk {} slow", "sda");
      log.error("broken\nsecond line", new IllegalStateException("why\tnot"));
      LoggerFactory.getLogger("logforward").error("the forwarding's own problem");
    } finally {
      hook.close();
    }
    LoggerFactory.getLogger("io.botasky.x.ingest").error("after close");
    assertThat(got)
        .containsExactly(
            "warning ingest: disk sda slow",
            "error ingest: brokensecond line (java.lang.IllegalStateException: why not)");
  }
}
