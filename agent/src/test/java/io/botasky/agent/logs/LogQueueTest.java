package io.botasky.agent.logs;

import static org.assertj.core.api.Assertions.assertThat;

import io.botasky.common.wire.LogLine;
import org.junit.jupiter.api.Test;

/** The forwarding queue is bounded and counts what did not fit, per source. */
class LogQueueTest {
  @Test
  void theQueueIsBoundedAndCountsWhatDidNotFit() {
    LogQueue q = new LogQueue(2);
    for (int i = 0; i < 3; i++) {
      q.offer(new LogLine("app", "warning", 1L, "line " + i));
    }
    LogQueue.Drained d = q.drain();
    assertThat(d.lines()).hasSize(2);
    assertThat(d.dropped()).containsEntry("app", 1L);
    assertThat(q.drain().lines()).isEmpty();
  }
}
