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

/**
 * Ack expiry (docs/notifier.md, "Ack expiry"): an alert whose ack ran out escalates again from its
 * first step, delays counted from the expiry, in a new sequence of epochs. Driven by an injected
 * clock, like {@link EscalatorTest}.
 */
class AckExpiryEscalatorTest {
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

  private EscalationDecision decide(AlertFacts a) {
    EscalationDecision d =
        Escalator.decide(
            a, policy, new History(done, !done.isEmpty(), true), null, clock.instant());
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

  /** The alert as the collector leaves it after its {@code n}-th ack ran out at {@code at}. */
  private static AlertFacts expired(AlertFacts a, int n, Instant at, Severity severity) {
    return new AlertFacts(
        a.id(),
        a.host(),
        a.resource(),
        a.instance(),
        a.check(),
        severity,
        AlertState.FIRING,
        a.summary(),
        a.value(),
        a.threshold(),
        a.firstSeen(),
        a.lastSeen(),
        a.occurrences(),
        null,
        null,
        null,
        null,
        at.toEpochMilli(),
        n,
        at);
  }

  private static AlertFacts acked(AlertFacts a) {
    return Alerts.with(a, AlertState.ACKED, a.severity());
  }

  @Test
  void anExpiredAckStartsOverFromTheFirstStepWithDelaysFromTheExpiry() {
    decide(alert);
    clock.tick(Duration.ofMinutes(5));
    assertThat(decide(acked(alert)).reason()).isEqualTo(Reason.STOPPED_ACKED);
    // The ack was for 4h: at 10:05 + 4h it ran out, the alert still firing.
    clock.tick(Duration.ofHours(4));
    Instant expiry = clock.instant();
    AlertFacts again = expired(alert, 1, expiry, Severity.WARNING);
    EscalationDecision d = decide(again);
    assertThat(d.reason()).isEqualTo(Reason.ACK_EXPIRED);
    assertThat(d.planned()).extracting(Planned::step).containsExactly(1, 2);
    assertThat(d.planned())
        .allSatisfy(
            p -> {
              assertThat(p.kind()).isEqualTo(Kind.STEP);
              assertThat(p.reason()).isEqualTo(Reason.ACK_EXPIRED);
              assertThat(p.epoch()).isEqualTo(Sequences.STRIDE + Severity.WARNING.rank());
            });
    // Step 3 waits 15 minutes from the expiry, not from first_seen (long past).
    assertThat(d.nextCheck()).isEqualTo(expiry.plus(Duration.ofMinutes(15)));
    assertThat(decide(again).planned()).as("nothing planned twice").isEmpty();
    clock.tick(Duration.ofMinutes(15));
    EscalationDecision third = decide(again);
    assertThat(third.reason()).isEqualTo(Reason.STEP_DUE);
    assertThat(third.planned()).extracting(Planned::step).containsExactly(3);
  }

  @Test
  void theRepeatCountsFromTheNewSequencesLastStep() {
    decide(alert);
    clock.tick(Duration.ofMinutes(15));
    decide(alert);
    clock.tick(Duration.ofMinutes(10));
    decide(acked(alert));
    clock.tick(Duration.ofHours(2));
    Instant expiry = clock.instant();
    AlertFacts again = expired(alert, 1, expiry, Severity.WARNING);
    decide(again);
    clock.tick(Duration.ofMinutes(15));
    decide(again);
    clock.tick(Duration.ofMinutes(59));
    assertThat(decide(again).reason()).isEqualTo(Reason.NOT_DUE);
    clock.tick(Duration.ofMinutes(1));
    EscalationDecision d = decide(again);
    assertThat(d.reason()).isEqualTo(Reason.REPEAT_DUE);
    assertThat(d.planned())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.round()).isEqualTo(1);
              assertThat(p.epoch()).isEqualTo(Sequences.STRIDE + Severity.WARNING.rank());
            });
  }

  @Test
  void aRiseAfterTheExpiryStaysInTheNewSequence() {
    decide(alert);
    decide(acked(alert));
    clock.tick(Duration.ofHours(1));
    Instant expiry = clock.instant();
    decide(expired(alert, 1, expiry, Severity.WARNING));
    EscalationDecision rise = decide(expired(alert, 1, expiry, Severity.CRITICAL));
    assertThat(rise.reason()).isEqualTo(Reason.SEVERITY_ROSE);
    assertThat(rise.planned())
        .allSatisfy(
            p -> assertThat(p.epoch()).isEqualTo(Sequences.STRIDE + Severity.CRITICAL.rank()));
    assertThat(decide(expired(alert, 1, expiry, Severity.WARNING)).planned()).isEmpty();
  }

  @Test
  void aSecondExpiryStartsAThirdSequence() {
    decide(alert);
    Instant first = clock.instant().plus(Duration.ofHours(1));
    clock.tick(Duration.ofHours(1));
    decide(expired(alert, 1, first, Severity.WARNING));
    clock.tick(Duration.ofHours(1));
    Instant second = clock.instant();
    EscalationDecision d = decide(expired(alert, 2, second, Severity.WARNING));
    assertThat(d.reason()).isEqualTo(Reason.ACK_EXPIRED);
    assertThat(d.planned())
        .allSatisfy(
            p -> assertThat(p.epoch()).isEqualTo(2 * Sequences.STRIDE + Severity.WARNING.rank()));
  }

  @Test
  void anAlertThatResolvedAfterAnExpiryGetsOneRecoveryNotice() {
    decide(alert);
    clock.tick(Duration.ofHours(1));
    AlertFacts again = expired(alert, 1, clock.instant(), Severity.WARNING);
    decide(again);
    AlertFacts resolved = Alerts.with(again, AlertState.RESOLVED, Severity.WARNING);
    EscalationDecision d = decide(resolved);
    assertThat(d.reason()).isEqualTo(Reason.RESOLVED_NOTICE);
    assertThat(d.planned()).hasSize(1);
    assertThat(decide(resolved).reason()).isEqualTo(Reason.RESOLVED_DONE);
  }

  @Test
  void actionStepsRunOncePerAlertEvenAcrossExpiries() {
    Policy withAction =
        EscalationFileTest.parse(
                """
                [contacts oncall]
                mail = ops@example.com
                [policy redis]
                match = resource=mysql
                step1 = 0s mail oncall
                step2 = 0s action restart
                """,
                new ConfigReport())
            .policies()
            .get(0);
    List<PlanRecord> plans = new ArrayList<>();
    for (Planned p : Escalator.decide(alert, withAction, History.none(), null, T0).planned()) {
      plans.add(new PlanRecord(p.epoch(), p.kind(), p.step(), p.round(), "redis", p.reason(), T0));
    }
    Instant later = T0.plus(Duration.ofHours(1));
    EscalationDecision d =
        Escalator.decide(
            expired(alert, 1, later, Severity.WARNING),
            withAction,
            new History(plans, true, true),
            null,
            later);
    assertThat(d.planned()).extracting(Planned::step).containsExactly(1);
  }

  @Test
  void explainSaysTheAckExpiredAndWhenTheNextStepFires() {
    decide(alert);
    clock.tick(Duration.ofMinutes(15));
    decide(alert);
    clock.tick(Duration.ofHours(4));
    Instant expiry = clock.instant();
    AlertFacts again = expired(alert, 1, expiry, Severity.WARNING);
    decide(again);
    clock.tick(Duration.ofMinutes(1));
    String text =
        String.join("\n", Explainer.explain(again, policy, done, List.of(), null, clock.instant()));
    assertThat(text)
        .contains(
            "ack expired 1 time(s), last at 2026-11-21 14:15:00Z: the steps run again from step"
                + " 1")
        .contains(
            "step 1 (0s log): fired at 2026-11-21 10:00:00Z (STEP_DUE, at warning); fired at"
                + " 2026-11-21 14:15:00Z (ACK_EXPIRED, at warning)")
        .contains("step 3 (15m mail leads): fired at 2026-11-21 10:15:00Z (STEP_DUE, at warning)")
        .contains("    since the ack expired: will fire at 2026-11-21 14:30:00Z")
        .contains("decision now: NOT_DUE (severity epoch warning, after ack expiry 1)");
  }

  /** The table: how each state of the alert after an expiry is decided. */
  @Test
  void table() {
    record Row(String name, AlertState state, int expiries, boolean firedBefore, Reason want) {}
    List<Row> rows =
        List.of(
            new Row("never acked", AlertState.FIRING, 0, false, Reason.STEP_DUE),
            new Row(
                "expired, nothing sent yet in it", AlertState.FIRING, 1, true, Reason.ACK_EXPIRED),
            new Row(
                "expired before anything was ever sent",
                AlertState.FIRING,
                1,
                false,
                Reason.ACK_EXPIRED),
            new Row("acked again after an expiry", AlertState.ACKED, 1, true, Reason.STOPPED_ACKED),
            new Row(
                "resolved after an expiry, heard",
                AlertState.RESOLVED,
                1,
                true,
                Reason.RESOLVED_NOTICE),
            new Row(
                "resolved, never heard", AlertState.RESOLVED, 1, false, Reason.RESOLVED_UNHEARD));
    for (Row r : rows) {
      List<PlanRecord> plans = new ArrayList<>();
      if (r.firedBefore()) {
        plans.add(
            new PlanRecord(
                Severity.WARNING.rank(), Kind.STEP, 2, 0, "critical", Reason.STEP_DUE, T0));
      }
      Instant now = T0.plus(Duration.ofHours(5));
      AlertFacts base =
          r.expiries() == 0 ? alert : expired(alert, r.expiries(), now, Severity.WARNING);
      AlertFacts a =
          r.state() == AlertState.FIRING ? base : Alerts.with(base, r.state(), Severity.WARNING);
      EscalationDecision d =
          Escalator.decide(a, policy, new History(plans, r.firedBefore(), true), null, now);
      assertThat(d.reason()).as(r.name()).isEqualTo(r.want());
    }
  }
}
