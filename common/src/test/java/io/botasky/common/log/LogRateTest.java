package io.botasky.common.log;

import static org.assertj.core.api.Assertions.assertThat;

import io.botasky.common.wire.LogLine;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** log_rate: at most N lines a minute, the rest counted and reported once the minute is over. */
class LogRateTest {
  private static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");

  private static List<LogLine> lines(String source, int n) {
    List<LogLine> l = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      l.add(new LogLine(source, "warning", T0.toEpochMilli(), source + " " + i));
    }
    return l;
  }

  @Test
  void passesUpToTheRateThenDropsAndReportsAfterTheMinute() {
    LogRate r = new LogRate(3, "boagent");
    assertThat(r.admit(T0, lines("app", 2), Map.of())).hasSize(2);
    assertThat(r.admit(T0.plusSeconds(10), lines("app", 2), Map.of("boagent", 1L))).hasSize(1);
    assertThat(r.admit(T0.plusSeconds(59), lines("db", 1), Map.of())).isEmpty();
    List<LogLine> next = r.admit(T0.plusSeconds(60), List.of(), Map.of());
    assertThat(next)
        .singleElement()
        .satisfies(
            l -> {
              assertThat(l.source()).isEqualTo("boagent");
              assertThat(l.level()).isEqualTo("warning");
              assertThat(l.line())
                  .contains(
                      "3 lines not kept for the log view",
                      "limit 3 a minute",
                      "app 1",
                      "boagent 1",
                      "db 1");
            });
    // A new minute starts with the whole allowance.
    assertThat(r.admit(T0.plusSeconds(61), lines("app", 3), Map.of())).hasSize(3);
  }

  @Test
  void aMinuteWithoutDropsReportsNothing() {
    LogRate r = new LogRate(10, "boagent");
    r.admit(T0, lines("app", 5), Map.of());
    assertThat(r.idle()).isTrue();
    assertThat(r.admit(T0.plus(Duration.ofMinutes(5)), List.of(), Map.of())).isEmpty();
  }

  @Test
  void idleOnlyWhileNoDropWaitsForItsReport() {
    // The agent's log pump skips its call while idle: a drop must keep it calling until reported.
    LogRate r = new LogRate(1, "boagent");
    assertThat(r.idle()).isTrue();
    r.admit(T0, lines("app", 2), Map.of());
    assertThat(r.idle()).isFalse();
    assertThat(r.admit(T0.plusSeconds(30), List.of(), Map.of())).isEmpty();
    assertThat(r.idle()).isFalse();
    assertThat(r.admit(T0.plusSeconds(60), List.of(), Map.of())).hasSize(1);
    assertThat(r.idle()).isTrue();
  }
}
