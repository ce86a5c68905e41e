package io.botasky.agent.probe.mfs;

import static org.assertj.core.api.Assertions.assertThat;

import io.botasky.agent.alert.AlertPolicy;
import io.botasky.agent.alert.AlertTracker;
import io.botasky.common.wire.AlertEvent;
import io.botasky.common.wire.AlertState;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The MooseFS checks through the agent's real alert tracker (debounce 2 for checks with a
 * threshold, 10 % hysteresis): a missing chunk server fires and, once it is back, resolves. A check
 * whose value fell as things got worse would stay held by the hysteresis forever.
 */
class MfsAlertLifecycleTest {
  private static MfsClusterStatus scenario(String name) throws IOException {
    StringBuilder b = new StringBuilder();
    for (String opt : List.of("SIN", "SCS", "SMB")) {
      try (InputStream in =
          MfsAlertLifecycleTest.class.getResourceAsStream(
              "/fixtures/mfs/3.0.117/" + name + "-" + opt + ".txt")) {
        b.append(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      }
    }
    return MfscliParser.parse(b.toString());
  }

  @Test
  void missingChunkserverAndMetaloggerFireThenResolve() throws IOException {
    AlertTracker tracker =
        new AlertTracker(new AlertPolicy(2, 1, 10.0, Duration.ofMinutes(5)), UUID::randomUUID);
    List<AlertEvent> events = new ArrayList<>();
    Instant t = Instant.parse("2026-11-21T10:00:00Z");
    for (String scenario :
        List.of(
            "healthy",
            "chunkserver-killed",
            "chunkserver-killed",
            "metalogger-killed",
            "metalogger-killed",
            "healthy",
            "healthy")) {
      events.addAll(tracker.observeRound("mfsmaster", MfsJudge.judge(scenario(scenario), 1, 1), t));
      t = t.plusSeconds(10);
    }
    assertThat(events)
        .extracting(e -> e.check() + " " + e.state())
        .containsExactly(
            "chunkserver_missing " + AlertState.FIRING,
            "chunkserver_missing " + AlertState.RESOLVED,
            "metalogger_missing " + AlertState.FIRING,
            "metalogger_missing " + AlertState.RESOLVED);
  }
}
