package io.botasky.agent.alert;

import static org.assertj.core.api.Assertions.assertThat;

import io.botasky.agent.probe.CheckOutcome;
import io.botasky.common.wire.AlertEvent;
import io.botasky.common.wire.AlertState;
import io.botasky.common.wire.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AlertTrackerTest {
  private static final Instant T = Instant.parse("2026-11-21T10:00:00Z");
  private final AlertTracker tracker = new AlertTracker(AlertPolicy.DEFAULT, UUID::randomUUID);

  private static CheckOutcome cpu(double v) {
    if (v >= 90) {
      return new CheckOutcome(
          "system", null, "cpu_usage", Severity.WARNING, v, 90.0, "cpu " + v, Map.of());
    }
    return CheckOutcome.ok("system", null, "cpu_usage", v, "cpu " + v);
  }

  private static CheckOutcome down(boolean failing) {
    return failing
        ? new CheckOutcome(
            "process", "sshd", "process_down", Severity.CRITICAL, null, null, "sshd gone", Map.of())
        : CheckOutcome.ok("process", "sshd", "process_down", null, "sshd up");
  }

  private List<AlertEvent> round(int second, CheckOutcome... o) {
    return tracker.observeRound("p", List.of(o), T.plusSeconds(second));
  }

  @Test
  void metricFiresAfterTwoFailuresInARowAndOnlyOnce() {
    assertThat(round(0, cpu(95))).as("debounce: first failure").isEmpty();
    assertThat(round(5, cpu(50))).isEmpty();
    assertThat(round(10, cpu(95))).isEmpty();
    List<AlertEvent> fired = round(15, cpu(96));
    assertThat(fired)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.state()).isEqualTo(AlertState.FIRING);
              assertThat(e.severity()).isEqualTo(Severity.WARNING);
              assertThat(e.threshold()).isEqualTo(90.0);
              assertThat(UUID.fromString(e.eventId())).isNotNull();
              assertThat(e.observedAt()).isEqualTo(T.plusSeconds(15));
            });
    assertThat(round(20, cpu(97))).as("no event without a change").isEmpty();
  }

  @Test
  void downCheckFiresAtOnceAndResolves() {
    assertThat(round(0, down(true)))
        .singleElement()
        .extracting(AlertEvent::state)
        .isEqualTo(AlertState.FIRING);
    List<AlertEvent> r = round(10, down(false));
    assertThat(r)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.state()).isEqualTo(AlertState.RESOLVED);
              assertThat(e.severity())
                  .as("a resolved event carries the alert's severity")
                  .isEqualTo(Severity.CRITICAL);
            });
    assertThat(round(20, down(false))).isEmpty();
  }

  @Test
  void hysteresisKeepsItFiringUntilBelowThresholdMinusMargin() {
    round(0, cpu(95));
    round(5, cpu(95));
    assertThat(round(10, cpu(88))).as("88 > 90 - 4.5").isEmpty();
    assertThat(tracker.firing()).hasSize(1);
    assertThat(round(15, cpu(85)))
        .singleElement()
        .extracting(AlertEvent::state)
        .isEqualTo(AlertState.RESOLVED);
  }

  @ParameterizedTest
  @CsvSource({
    // current, threshold, streak, severity of outcome, value, needed -> reason
    ",,0,,50,2,STILL_OK",
    ",,0,WARNING,95,2,DEBOUNCING",
    ",,1,WARNING,95,2,FIRE",
    "WARNING,90,3,WARNING,95,2,STILL_FIRING",
    "WARNING,90,3,CRITICAL,99,2,SEVERITY_CHANGE",
    "CRITICAL,98,3,WARNING,97,2,HELD_BY_HYSTERESIS",
    "CRITICAL,98,3,WARNING,92,2,SEVERITY_CHANGE",
    "WARNING,90,3,,86,2,HELD_BY_HYSTERESIS",
    "WARNING,90,3,,85,2,RESOLVE",
    "CRITICAL,,1,,,1,RESOLVE",
  })
  void decisionTable(
      String cur,
      Double thr,
      int streak,
      String sev,
      Double value,
      int needed,
      AlertDecision.Reason want) {
    Severity current = cur == null ? null : Severity.valueOf(cur);
    Severity next = sev == null ? null : Severity.valueOf(sev);
    CheckOutcome o =
        new CheckOutcome(
            "system", null, "x", next, value, next == null ? null : 90.0, "s", Map.of());
    assertThat(AlertTracker.decide(current, thr, streak, o, needed, 5.0).reason()).isEqualTo(want);
  }

  @Test
  void severityChangeSendsANewFiringEvent() {
    CheckOutcome note =
        new CheckOutcome("system", null, "cpu_temp", Severity.NOTE, 60.0, 50.0, "60", Map.of());
    CheckOutcome warn =
        new CheckOutcome("system", null, "cpu_temp", Severity.WARNING, 75.0, 70.0, "75", Map.of());
    round(0, note);
    AlertEvent first = round(5, note).get(0);
    round(10, warn);
    AlertEvent second = round(10, warn).stream().findFirst().orElse(null);
    assertThat(second).as("already sent at 10 s").isNull();
    assertThat(tracker.firing())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.severity()).isEqualTo(Severity.WARNING);
              assertThat(e.eventId()).isNotEqualTo(first.eventId());
            });
  }

  @Test
  void firingAlertsAreResentWithTheSameIdEveryResendInterval() {
    AlertEvent fired = round(0, down(true)).get(0);
    assertThat(tracker.resendDue(T.plus(Duration.ofMinutes(4)))).isEmpty();
    assertThat(tracker.resendDue(T.plus(Duration.ofMinutes(5))))
        .singleElement()
        .extracting(AlertEvent::eventId)
        .isEqualTo(fired.eventId());
    assertThat(tracker.resendDue(T.plus(Duration.ofMinutes(6)))).isEmpty();
  }

  @Test
  void anAlertTheRoundNoLongerMentionsIsResolved() {
    CheckOutcome runaway =
        new CheckOutcome(
            "system",
            "4242:burn",
            "runaway_process",
            Severity.WARNING,
            100.0,
            null,
            "burn",
            Map.of());
    round(0, runaway);
    assertThat(round(30))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.state()).isEqualTo(AlertState.RESOLVED);
              assertThat(e.instance()).isEqualTo("4242:burn");
            });
  }

  @Test
  void otherOwnersAreNotResolvedByARound() {
    tracker.observeRound("other", List.of(down(true)), T);
    assertThat(round(5)).isEmpty();
    assertThat(tracker.firing()).hasSize(1);
  }

  @Test
  void alertsFiringAtTheLastStopAreConfirmedOrResolvedAfterARestart(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
    round(0, down(true), cpu(95));
    round(5, down(true), cpu(96));
    FiringStore store =
        new FiringStore(dir.resolve("firing.state"), new io.botasky.agent.wire.WireCodec());
    store.save(tracker.firingOwned());
    AlertTracker restarted = new AlertTracker(AlertPolicy.DEFAULT, UUID::randomUUID);
    restarted.restore(store.load());
    assertThat(restarted.firing()).hasSize(2);
    List<AlertEvent> first =
        restarted.observeRound("p", List.of(down(true), cpu(50)), T.plusSeconds(600));
    assertThat(first)
        .as("sshd still down: nothing new; cpu cleared while the agent was away: resolved")
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.check()).isEqualTo("cpu_usage");
              assertThat(e.state()).isEqualTo(AlertState.RESOLVED);
              assertThat(e.severity()).isEqualTo(Severity.WARNING);
            });
  }

  @Test
  void longSummariesAreCutToTheCollectorsLimit() {
    String longText = "x".repeat(2000);
    AlertEvent e =
        tracker
            .observeRound(
                "p",
                List.of(
                    new CheckOutcome(
                        "process",
                        "a",
                        "process_down",
                        Severity.CRITICAL,
                        null,
                        null,
                        longText,
                        Map.of())),
                T)
            .get(0);
    assertThat(e.summary()).hasSize(AlertEvent.MAX_SUMMARY);
  }

  @Test
  void observeAtOnceFiresAndResolvesAtTheFirstOutcomeWhereObserveWaitsForItsDebounce() {
    Instant t = Instant.parse("2026-12-06T10:00:00Z");
    CheckOutcome failed =
        new CheckOutcome(
            "boagent",
            "config",
            "reload_failed",
            Severity.WARNING,
            null,
            null,
            "refused",
            Map.of());
    assertThat(tracker.observeAtOnce("reload", failed, t))
        .get()
        .extracting(AlertEvent::state)
        .isEqualTo(AlertState.FIRING);
    assertThat(tracker.firing()).hasSize(1);
    assertThat(
            tracker.observeAtOnce(
                "reload",
                CheckOutcome.ok("boagent", "config", "reload_failed", null, "ok"),
                t.plusSeconds(1)))
        .get()
        .extracting(AlertEvent::state)
        .isEqualTo(AlertState.RESOLVED);
    assertThat(tracker.firing()).isEmpty();
  }
}
