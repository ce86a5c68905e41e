package io.botasky.collector.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.botasky.collector.http.EventStream;
import io.botasky.collector.store.AlertQueries;
import io.botasky.collector.store.LogStore;
import io.botasky.common.wire.LogLine;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The feed sends a view it already sent once only (docs/collector.md, "Several collectors"): the
 * peer poll hands over this collector's own commits as well.
 */
class EventFeedTest {
  private final List<String> got = new CopyOnWriteArrayList<>();

  private final EventStream stream =
      new EventStream() {
        @Override
        public boolean send(String event, String data) {
          got.add(event + " " + data);
          return true;
        }

        @Override
        public boolean ping() {
          return true;
        }

        @Override
        public boolean isOpen() {
          return true;
        }

        @Override
        public void onClose(Runnable r) {}
      };

  @Test
  void aViewAlreadySentGoesOutOnceAndAChangedOneAgain() {
    try (EventFeed feed = new EventFeed(new AlertQueries(null), Clock.systemUTC())) {
      feed.subscribe(stream);
      feed.action(Map.of("id", 7, "state", "pending"));
      feed.action(Map.of("id", 7, "state", "pending"));
      feed.action(Map.of("id", 7, "state", "running"));
      LogStore.Stored line = new LogStore.Stored(3, "pi3", new LogLine("syslog", "error", 1L, "x"));
      feed.logs(List.of(line));
      feed.logs(List.of(line));
      feed.action(Map.of("id", 8, "state", "pending"));
      await()
          .atMost(Duration.ofSeconds(5))
          .until(() -> got.stream().anyMatch(e -> e.contains("\"id\":8")));
      assertThat(got.stream().filter(e -> !e.startsWith("hello")))
          .hasSize(4)
          .anyMatch(e -> e.startsWith("action ") && e.contains("running"))
          .anyMatch(e -> e.startsWith("log ") && e.contains("\"id\":3"));
    }
  }
}
