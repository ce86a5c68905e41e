package io.botasky.collector.ingest;

import static io.botasky.collector.testkit.Collector.json;
import static io.botasky.collector.testkit.Collector.tokenOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.botasky.collector.testkit.Collector;
import io.botasky.common.testkit.MutableClock;
import io.botasky.common.testkit.TestDatabase;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * host_down and split_brain, raised by the collector itself, on a real database and a hand-moved
 * clock.
 */
abstract class HostWatchContract {
  @TempDir Path tmp;

  abstract TestDatabase.Engine engine();

  private static JsonNode find(Collector col, String host, String check, String state)
      throws Exception {
    for (JsonNode a : json(col.get("/api/v1/alerts?limit=1000", null)).get("alerts")) {
      if (a.get("host").asText().equals(host)
          && a.get("check").asText().equals(check)
          && a.get("state").asText().equals(state)) {
        return a;
      }
    }
    return null;
  }

  private static void beat(Collector col, String host, List<String> vips) throws Exception {
    var r =
        col.post(
            "/api/v1/heartbeat",
            tokenOf(host),
            Map.of("host", host, "sysinfo", Map.of("vips_held", vips)));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
  }

  @Test
  void silentHostsGoDownAndComeBack() throws Exception {
    MutableClock clock = new MutableClock(Instant.parse("2026-11-21T10:00:00Z"));
    try (TestDatabase db = TestDatabase.create(engine(), tmp);
        Collector col =
            Collector.start(
                db.settings(), tmp, clock, "host_timeout = 30s\nhosts = pi3, ghost\n")) {
      beat(col, "pi3", List.of());
      beat(col, "pi4", List.of());
      clock.tick(Duration.ofSeconds(20));
      beat(col, "pi4", List.of());
      clock.tick(Duration.ofSeconds(15));
      // pi3 has been silent 35 s, ghost (expected, never seen) 35 s since start; pi4 only 15 s.
      await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () ->
                  find(col, "pi3", "host_down", "firing") != null
                      && find(col, "ghost", "host_down", "firing") != null);
      JsonNode down = find(col, "pi3", "host_down", "firing");
      assertThat(down.get("resource").asText()).isEqualTo("host");
      assertThat(down.get("instance").asText()).isEqualTo("pi3");
      assertThat(down.get("severity").asText()).isEqualTo("critical");
      assertThat(find(col, "pi4", "host_down", "firing")).isNull();
      JsonNode hosts = json(col.get("/api/v1/hosts", null)).get("hosts");
      for (JsonNode h : hosts) {
        assertThat(h.get("alive").asBoolean())
            .as(h.toString())
            .isEqualTo(h.get("host").asText().equals("pi4"));
      }

      beat(col, "pi3", List.of());
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> find(col, "pi3", "host_down", "resolved") != null);
      assertThat(find(col, "pi3", "host_down", "firing")).isNull();
      // One alert per outage, not one per tick.
      assertThat(
              col.count(
                  "SELECT COUNT(*) FROM alerts WHERE host = 'ghost' AND `check` = 'host_down'"))
          .isEqualTo(1);
    }
  }

  @Test
  void twoLiveHostsHoldingOneVipIsSplitBrain() throws Exception {
    MutableClock clock = new MutableClock(Instant.parse("2026-11-21T10:00:00Z"));
    try (TestDatabase db = TestDatabase.create(engine(), tmp);
        Collector col = Collector.start(db.settings(), tmp, clock, "host_timeout = 30s\n")) {
      beat(col, "pi3", List.of("10.99.0.100"));
      beat(col, "pi4", List.of());
      beat(col, "pi4", List.of("10.99.0.100"));
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> find(col, "testmaster", "split_brain", "firing") != null);
      JsonNode a = find(col, "testmaster", "split_brain", "firing");
      assertThat(a.get("resource").asText()).isEqualTo("keepalived");
      assertThat(a.get("instance").asText()).isEqualTo("10.99.0.100");
      assertThat(a.get("summary").asText()).contains("pi3").contains("pi4");

      beat(col, "pi4", List.of());
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> find(col, "testmaster", "split_brain", "resolved") != null);
      assertThat(find(col, "testmaster", "split_brain", "firing")).isNull();

      // A holder that went silent does not count: its last report is stale.
      beat(col, "pi4", List.of("10.99.0.100"));
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> find(col, "testmaster", "split_brain", "firing") != null);
      clock.tick(Duration.ofSeconds(20));
      beat(col, "pi4", List.of("10.99.0.100"));
      clock.tick(Duration.ofSeconds(15));
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> find(col, "testmaster", "split_brain", "firing") == null);
    }
  }
}
