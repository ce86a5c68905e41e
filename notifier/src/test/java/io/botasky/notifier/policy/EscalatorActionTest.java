package io.botasky.notifier.policy;

import static io.botasky.notifier.policy.Alerts.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.botasky.common.config.ConfigReport;
import io.botasky.common.testkit.MutableClock;
import io.botasky.common.wire.AlertState;
import io.botasky.common.wire.Severity;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The {@code action} step: requested once per firing alert, never repeated (docs/notifier.md). */
class EscalatorActionTest {
  private final MutableClock clock = new MutableClock(T0);
  private final List<PlanRecord> done = new ArrayList<>();

  private static Policy policy(String steps) {
    ConfigReport r = new ConfigReport();
    Policy p =
        EscalationFileTest.parse(
                "[contacts oncall]\nmail = ops@example.com\n[policy default]\n" + steps, r)
            .defaultPolicy();
    assertThat(r.all()).isEmpty();
    return p;
  }

  private final Policy policy =
      policy("step1 = 0s mail oncall\nstep2 = 2m action restart\nrepeat = 1h\n");
  private final AlertFacts alert = Alerts.facts(7, "pi3", "redis", "6379", "down", "warning");

  private EscalationDecision decide(Policy p, AlertFacts a) {
    EscalationDecision d =
        Escalator.decide(a, p, new History(done, !done.isEmpty(), true), null, clock.instant());
    for (Planned pl : d.planned()) {
      done.add(
          new PlanRecord(
              pl.epoch(),
              pl.kind(),
              pl.step(),
              pl.round(),
              p.name(),
              pl.reason(),
              clock.instant()));
    }
    return d;
  }

  @Test
  void theActionIsDueAfterItsDelayWithTheActionAsTarget() {
    assertThat(decide(policy, alert).planned()).extracting(Planned::step).containsExactly(1);
    clock.tick(Duration.ofMinutes(2));
    EscalationDecision d = decide(policy, alert);
    assertThat(d.reason()).isEqualTo(Reason.STEP_DUE);
    assertThat(d.planned())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.kind()).isEqualTo(Kind.STEP);
              assertThat(p.step()).isEqualTo(2);
              assertThat(p.recipients()).isEqualTo(new Recipients("action", List.of("restart")));
            });
    assertThat(decide(policy, alert).planned()).isEmpty();
  }

  @Test
  void repeatRepeatsTheLastNotifyingStepNeverTheAction() {
    decide(policy, alert);
    clock.tick(Duration.ofMinutes(2));
    decide(policy, alert);
    clock.tick(Duration.ofHours(1));
    EscalationDecision d = decide(policy, alert);
    assertThat(d.reason()).isEqualTo(Reason.REPEAT_DUE);
    assertThat(d.planned())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.kind()).isEqualTo(Kind.REPEAT);
              assertThat(p.step()).isEqualTo(1);
              assertThat(p.recipients().channel()).isEqualTo("mail");
            });
  }

  @Test
  void aRiseInSeverityNotifiesAgainButDoesNotRerunTheAction() {
    decide(policy, alert);
    clock.tick(Duration.ofMinutes(2));
    decide(policy, alert);
    EscalationDecision rise =
        decide(policy, Alerts.with(alert, AlertState.FIRING, Severity.CRITICAL));
    assertThat(rise.reason()).isEqualTo(Reason.SEVERITY_ROSE);
    assertThat(rise.planned()).extracting(Planned::step).containsExactly(1);
  }

  @Test
  void anAckedAlertGetsNoAction() {
    decide(policy, alert);
    clock.tick(Duration.ofMinutes(5));
    EscalationDecision d = decide(policy, Alerts.with(alert, AlertState.ACKED, Severity.WARNING));
    assertThat(d.reason()).isEqualTo(Reason.STOPPED_ACKED);
    assertThat(d.planned()).isEmpty();
  }

  @Test
  void aPolicyOfOnlyAnActionNeverRepeats() {
    Policy only = policy("step1 = 0s action restart\nrepeat = 10m\n");
    assertThat(decide(only, alert).planned()).extracting(Planned::step).containsExactly(1);
    clock.tick(Duration.ofHours(3));
    EscalationDecision d = decide(only, alert);
    assertThat(d.planned()).isEmpty();
    assertThat(d.reason()).isEqualTo(Reason.ALL_STEPS_DONE);
    assertThat(d.nextCheck()).isNull();
  }

  @Test
  void aResolvedAlertThatOnlyHadAnActionGetsNoRecoveryNotice() {
    Policy only = policy("step1 = 0s action restart\n");
    decide(only, alert);
    // The planner's heard-flag ignores action rows (PlanStore): nobody was told.
    EscalationDecision d =
        Escalator.decide(
            Alerts.with(alert, AlertState.RESOLVED, Severity.WARNING),
            only,
            new History(done, false, true),
            null,
            clock.instant());
    assertThat(d.reason()).isEqualTo(Reason.RESOLVED_UNHEARD);
  }

  @Test
  void explainShowsTheActionStepAndItsLedgerRow() {
    decide(policy, alert);
    clock.tick(Duration.ofMinutes(2));
    decide(policy, alert);
    List<String> text =
        Explainer.explain(
            alert,
            policy,
            done,
            List.of(
                new Explainer.Sent(
                    2,
                    Kind.STEP,
                    "action",
                    "restart",
                    "failed",
                    1,
                    "action restart on pi3 redis:6379: 400: redis:6379 offers no action",
                    null)),
            null,
            clock.instant());
    assertThat(String.join("\n", text))
        .contains("step 2 (2m action restart): fired at 2026-11-21 10:02:00Z (STEP_DUE")
        .contains(
            "    action restart: failed (1 attempt(s), last error: action restart on pi3"
                + " redis:6379: 400: redis:6379 offers no action)")
        // A failed action row is not someone who heard of the alert.
        .contains("recovery notice goes to everyone who heard of it when it resolves");
  }
}
