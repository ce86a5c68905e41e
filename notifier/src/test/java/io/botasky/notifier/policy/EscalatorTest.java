package io.botasky.notifier.policy;

import static io.botasky.notifier.policy.Alerts.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.botasky.common.config.ConfigReport;
import io.botasky.common.testkit.MutableClock;
import io.botasky.common.wire.AlertState;
import io.botasky.common.wire.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every policy rule, driven by an injected clock. */
class EscalatorTest {
  private final MutableClock clock = new MutableClock(T0);
  private final Policy policy =
      EscalationFileTest.parse(
              """
              [contacts oncall]
              mail = ops@example.com
              [contacts leads]
              mail = lead@example.com
              [policy critical]
              match = severity>=warning
              step1 = 0s log
              step2 = 0s mail oncall
              step3 = 15m mail leads
              repeat = 1h
              resolved = mail oncall
              """,
              new ConfigReport())
          .policies()
          .get(0);
  private final AlertFacts alert =
      Alerts.facts(42, "pi3", "mysql", "3306", "replication_lag", "warning");
  private final List<PlanRecord> done = new ArrayList<>();

  private EscalationDecision decide(AlertFacts a, Instant silencedUntil) {
    EscalationDecision d =
        Escalator.decide(
            a, policy, new History(done, !done.isEmpty(), true), silencedUntil, clock.instant());
    // What the planner would record: the history grows with each decision.
    for (Planned p : d.planned()) {
      done.add(
          new PlanRecord(
              p.epoch(),
              p.kind(),
              p.step(),
              p.round(),
              policy.name(),
              p.reason(),
              clock.instant()));
    }
    return d;
  }

  @Test
  void immediateStepsFireAtOnceAndTheDelayedOneWaits() {
    EscalationDecision d = decide(alert, null);
    assertThat(d.reason()).isEqualTo(Reason.STEP_DUE);
    assertThat(d.planned()).extracting(Planned::step).containsExactly(1, 2);
    assertThat(d.planned().get(1).recipients())
        .isEqualTo(new Recipients("mail", List.of("oncall")));
    assertThat(d.nextCheck()).isEqualTo(T0.plus(Duration.ofMinutes(15)));

    clock.tick(Duration.ofMinutes(14));
    assertThat(decide(alert, null).reason()).isEqualTo(Reason.NOT_DUE);
  }

  @Test
  void escalatesAfterTheDelay() {
    decide(alert, null);
    clock.tick(Duration.ofMinutes(15));
    EscalationDecision d = decide(alert, null);
    assertThat(d.reason()).isEqualTo(Reason.STEP_DUE);
    assertThat(d.planned())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.step()).isEqualTo(3);
              assertThat(p.recipients().contacts()).containsExactly("leads");
            });
    assertThat(d.nextCheck()).isEqualTo(clock.instant().plus(Duration.ofHours(1)));
  }

  @Test
  void nothingIsPlannedTwice() {
    decide(alert, null);
    assertThat(decide(alert, null).planned()).isEmpty();
  }

  @Test
  void repeatsTheLastStepWhileUnackedButOnlyTheLatestRoundAfterAnOutage() {
    decide(alert, null);
    clock.tick(Duration.ofMinutes(15));
    decide(alert, null);
    clock.tick(Duration.ofMinutes(59));
    assertThat(decide(alert, null).reason()).isEqualTo(Reason.NOT_DUE);
    clock.tick(Duration.ofMinutes(1));
    EscalationDecision d = decide(alert, null);
    assertThat(d.reason()).isEqualTo(Reason.REPEAT_DUE);
    assertThat(d.planned())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.kind()).isEqualTo(Kind.REPEAT);
              assertThat(p.step()).isEqualTo(3);
              assertThat(p.round()).isEqualTo(1);
            });
    clock.tick(Duration.ofHours(5));
    EscalationDecision late = decide(alert, null);
    assertThat(late.planned()).singleElement().satisfies(p -> assertThat(p.round()).isEqualTo(6));
  }

  @Test
  void ackStopsEscalationAndRepeats() {
    decide(alert, null);
    clock.tick(Duration.ofHours(3));
    EscalationDecision d = decide(Alerts.with(alert, AlertState.ACKED, Severity.WARNING), null);
    assertThat(d.reason()).isEqualTo(Reason.STOPPED_ACKED);
    assertThat(d.planned()).isEmpty();
    assertThat(d.nextCheck()).isNull();
  }

  @Test
  void aRiseInSeverityEscalatesAgainAndAFallDoesNot() {
    decide(alert, null);
    EscalationDecision rise =
        decide(Alerts.with(alert, AlertState.FIRING, Severity.CRITICAL), null);
    assertThat(rise.reason()).isEqualTo(Reason.SEVERITY_ROSE);
    assertThat(rise.planned()).extracting(Planned::step).containsExactly(1, 2);
    assertThat(rise.planned())
        .allSatisfy(p -> assertThat(p.epoch()).isEqualTo(Severity.CRITICAL.rank()));
    EscalationDecision fall = decide(Alerts.with(alert, AlertState.FIRING, Severity.WARNING), null);
    assertThat(fall.planned()).isEmpty();
  }

  @Test
  void aSilenceSuppressesUntilItEnds() {
    Instant end = T0.plus(Duration.ofHours(2));
    EscalationDecision d = decide(alert, end);
    assertThat(d.reason()).isEqualTo(Reason.SUPPRESSED_SILENCED);
    assertThat(d.planned()).isEmpty();
    assertThat(d.nextCheck()).isEqualTo(end);
    clock.set(end);
    EscalationDecision after = decide(alert, null);
    assertThat(after.planned()).extracting(Planned::step).containsExactly(1, 2, 3);
  }

  @Test
  void recoveryGoesToThoseWhoHeardOnce() {
    decide(alert, null);
    AlertFacts resolved = Alerts.with(alert, AlertState.RESOLVED, Severity.WARNING);
    EscalationDecision d = decide(resolved, null);
    assertThat(d.reason()).isEqualTo(Reason.RESOLVED_NOTICE);
    assertThat(d.planned())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.kind()).isEqualTo(Kind.RESOLVED);
              assertThat(p.recipients()).isEqualTo(new Recipients("mail", List.of("oncall")));
            });
    assertThat(decide(resolved, null).reason()).isEqualTo(Reason.RESOLVED_DONE);
  }

  @Test
  void noRecoveryNoticeForAnAlertNobodyHeardOf() {
    EscalationDecision d =
        Escalator.decide(
            Alerts.with(alert, AlertState.RESOLVED, Severity.WARNING),
            policy,
            new History(List.of(), false, true),
            null,
            T0);
    assertThat(d.reason()).isEqualTo(Reason.RESOLVED_UNHEARD);
    assertThat(d.planned()).isEmpty();
  }

  @Test
  void withoutAPolicyNothingHappens() {
    assertThat(Escalator.decide(alert, null, History.none(), null, T0).reason())
        .isEqualTo(Reason.NO_POLICY);
  }

  @Test
  void allStepsDoneWithoutRepeat() {
    Policy once =
        new Policy(
            "once",
            List.of(),
            List.of(new Step(1, Duration.ZERO, "log", List.of())),
            null,
            null,
            Duration.ZERO);
    History h =
        new History(
            List.of(new PlanRecord(2, Kind.STEP, 1, 0, "once", Reason.STEP_DUE, T0)), true, true);
    assertThat(Escalator.decide(alert, once, h, null, T0.plusSeconds(5)).reason())
        .isEqualTo(Reason.ALL_STEPS_DONE);
  }
}
