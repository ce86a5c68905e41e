package io.botasky.notifier.policy;

import static io.botasky.notifier.policy.Alerts.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.botasky.common.config.ConfigReport;
import io.botasky.common.config.Problem;
import io.botasky.common.wire.AlertState;
import io.botasky.common.wire.Severity;
import io.botasky.notifier.policy.Flapping.FlapDecision;
import io.botasky.notifier.policy.Flapping.Span;
import io.botasky.notifier.policy.Flapping.State;
import io.botasky.notifier.policy.Flapping.Verdict;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Flap detection as a table of fingerprint histories (docs/notifier.md, "Flapping"): a check that
 * fires and resolves opens and closes one alert per bounce; the decider counts across them.
 */
class FlappingTest {
  private static final String FILE =
      """
      [contacts oncall]
      mail = ops@example.com
      [contacts leads]
      mail = lead@example.com
      [policy critical]
      match = severity>=warning
      step1 = 0s action restart
      step2 = 0s mail oncall
      step3 = 15m mail leads
      """;

  private final Policy policy =
      EscalationFileTest.parse(FILE, new ConfigReport()).policies().get(0);
  private final List<Span> spans = new ArrayList<>();

  private static Instant m(double minutes) {
    return T0.plusMillis((long) (minutes * 60_000));
  }

  /** An alert of the fingerprint opened at {@code open} and resolved at {@code close} (or not). */
  private AlertFacts bounce(long id, Instant open, Instant close) {
    spans.add(new Span(id, open, close));
    AlertFacts base = Alerts.facts(id, "pi3", "mysql", "3306", "replication_lag", "critical");
    return new AlertFacts(
        id,
        base.host(),
        base.resource(),
        base.instance(),
        base.check(),
        Severity.CRITICAL,
        close == null ? AlertState.FIRING : AlertState.RESOLVED,
        base.summary(),
        base.value(),
        base.threshold(),
        open,
        close == null ? open : close,
        1,
        null,
        null,
        null,
        close,
        0);
  }

  private FlapDecision decide(AlertFacts a, State state, Instant now) {
    return Flapping.decide(a, policy, spans, state, null, now);
  }

  /** Three bounces, one minute apart: six changes across alerts 1, 2 and 3. */
  private AlertFacts threeBounces() {
    bounce(1, m(0), m(1));
    bounce(2, m(2), m(3));
    return bounce(3, m(4), m(5));
  }

  @Test
  void sixChangesAcrossThreeAlertsStartFlappingWithOneNoticeToTheFirstNotifyingStep() {
    AlertFacts a3 = threeBounces();
    FlapDecision d = decide(a3, null, m(5));
    assertThat(d.verdict()).isEqualTo(Verdict.START);
    assertThat(d.reason()).isEqualTo(Reason.FLAPPING_STARTED);
    assertThat(d.changes()).isEqualTo(6);
    // Step 1 is an action: step 2's people hear of it.
    assertThat(d.planned())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.kind()).isEqualTo(Kind.FLAPPING);
              assertThat(p.step()).isEqualTo(2);
              assertThat(p.recipients()).isEqualTo(new Recipients("mail", List.of("oncall")));
            });
    assertThat(d.nextCheck()).isEqualTo(m(35));
  }

  @Test
  void fiveChangesAreNotFlapping() {
    bounce(1, m(0), m(1));
    bounce(2, m(2), m(3));
    AlertFacts a3 = bounce(3, m(4), null);
    FlapDecision d = decide(a3, null, m(4));
    assertThat(d.verdict()).isEqualTo(Verdict.NORMAL);
    assertThat(d.changes()).isEqualTo(5);
    assertThat(d.nextCheck()).isNull();
  }

  @Test
  void aChangeExactlyOneWindowAgoHasLeftTheWindow() {
    AlertFacts a3 = threeBounces();
    // Alert 1 opened at m(0): at m(30) that is exactly flap_window ago.
    assertThat(decide(a3, null, m(30).minusMillis(1)).verdict()).isEqualTo(Verdict.START);
    FlapDecision d = decide(a3, null, m(30));
    assertThat(d.verdict()).isEqualTo(Verdict.NORMAL);
    assertThat(d.changes()).isEqualTo(5);
  }

  @Test
  void whileFlappingEveryChangeIsHeldAndLookedAtAgainWhenTheWindowRunsOut() {
    threeBounces();
    State s = new State(m(5), 3, true);
    AlertFacts a4 = bounce(4, m(6), null);
    FlapDecision d = decide(a4, s, m(6));
    assertThat(d.verdict()).isEqualTo(Verdict.HOLD);
    assertThat(d.reason()).isEqualTo(Reason.FLAPPING_HELD);
    assertThat(d.planned()).isEmpty();
    assertThat(d.nextCheck()).isEqualTo(m(36));
    // Still firing, no change: held until one window after the last change.
    assertThat(decide(a4, s, m(36).minusMillis(1)).verdict()).isEqualTo(Verdict.HOLD);
  }

  @Test
  void stableAndFiringEndsTheEpisodeAndLeavesTheStepsToTheEscalator() {
    threeBounces();
    State s = new State(m(5), 3, true);
    AlertFacts a4 = bounce(4, m(6), null);
    FlapDecision d = decide(a4, s, m(36));
    assertThat(d.verdict()).isEqualTo(Verdict.END);
    assertThat(d.reason()).isEqualTo(Reason.FLAPPING_STABLE);
    assertThat(d.planned()).isEmpty();
    assertThat(d.nextCheck()).isNull();
  }

  @Test
  void stableAndResolvedSendsOneResolvedNoticeToWhoHeardFlapping() {
    threeBounces();
    State s = new State(m(5), 3, true);
    AlertFacts a4 = bounce(4, m(6), m(7));
    assertThat(decide(a4, s, m(36)).verdict()).isEqualTo(Verdict.HOLD);
    FlapDecision d = decide(a4, s, m(37));
    assertThat(d.verdict()).isEqualTo(Verdict.END);
    assertThat(d.planned())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.kind()).isEqualTo(Kind.RESOLVED);
              assertThat(p.reason()).isEqualTo(Reason.FLAPPING_STABLE);
              assertThat(p.recipients()).isEqualTo(new Recipients("mail", List.of("oncall")));
            });
  }

  @Test
  void anOlderAlertOfTheFingerprintNeverTellsTheState() {
    AlertFacts a3 = threeBounces();
    State s = new State(m(5), 3, true);
    bounce(4, m(6), m(7));
    FlapDecision d = decide(a3, s, m(40));
    assertThat(d.verdict()).isEqualTo(Verdict.HOLD);
    assertThat(d.planned()).isEmpty();
    assertThat(d.nextCheck()).isNull();
  }

  @Test
  void flappingStartedWhileSilencedIsQuietAndSoIsItsEnd() {
    AlertFacts a3 = threeBounces();
    FlapDecision d = Flapping.decide(a3, policy, spans, null, m(60), m(5));
    assertThat(d.verdict()).isEqualTo(Verdict.START);
    assertThat(d.reason()).isEqualTo(Reason.FLAPPING_QUIET);
    assertThat(d.planned()).isEmpty();
    // Nobody heard FLAPPING: nobody gets the resolved notice either.
    FlapDecision end = decide(a3, new State(m(5), 3, false), m(35));
    assertThat(end.verdict()).isEqualTo(Verdict.END);
    assertThat(end.planned()).isEmpty();
  }

  @Test
  void flappingOfAnAckedAlertIsQuiet() {
    bounce(1, m(0), m(1));
    bounce(2, m(2), m(3));
    bounce(3, m(4), m(5));
    AlertFacts a4 = Alerts.with(bounce(4, m(6), null), AlertState.ACKED, Severity.CRITICAL);
    FlapDecision d = decide(a4, null, m(6));
    assertThat(d.verdict()).isEqualTo(Verdict.START);
    assertThat(d.reason()).isEqualTo(Reason.FLAPPING_QUIET);
  }

  @Test
  void flapChangesZeroTurnsDetectionOffAndEndsAnEpisode() {
    Policy off =
        EscalationFileTest.parse(FILE + "flap_changes = 0\n", new ConfigReport()).policies().get(0);
    AlertFacts a3 = threeBounces();
    assertThat(Flapping.decide(a3, off, spans, null, null, m(5)).verdict())
        .isEqualTo(Verdict.NORMAL);
    assertThat(Flapping.decide(a3, off, spans, new State(m(5), 3, true), null, m(5)).verdict())
        .isEqualTo(Verdict.END);
  }

  @Test
  void flappingSectionSetsTheDefaultAndAPolicyOverridesIt() {
    ConfigReport r = new ConfigReport();
    Escalation e =
        EscalationFileTest.parse(
            """
            [flapping]
            flap_changes = 4
            flap_window = 10m
            [policy p]
            match = check=ping
            step1 = 0s log
            flap_window = 5s
            [policy default]
            step1 = 0s log
            """,
            r);
    assertThat(r.all()).isEmpty();
    assertThat(e.policies().get(0).flapping()).isEqualTo(new FlapRule(4, Duration.ofSeconds(5)));
    assertThat(e.defaultPolicy().flapping()).isEqualTo(new FlapRule(4, Duration.ofMinutes(10)));
    assertThat(
            EscalationFileTest.parse("[policy default]\nstep1 = 0s log\n", r)
                .defaultPolicy()
                .flapping())
        .isEqualTo(new FlapRule(6, Duration.ofMinutes(30)));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          one change     | [policy default]\\nstep1 = 0s log\\nflap_changes = 1   | escalation.conf:3: [policy default] flap_changes: must be 0 (no flap detection) or at least 2: one change is an alert firing or resolving
          not a number   | [flapping]\\nflap_changes = many\\n[policy default]\\nstep1 = 0s log | escalation.conf:2: [flapping] flap_changes: expected a whole number from 0 to 1000, got "many"
          zero window    | [flapping]\\nflap_window = 0s\\n[policy default]\\nstep1 = 0s log | escalation.conf:2: [flapping] flap_window: must be at least 1s
          long window    | [policy default]\\nstep1 = 0s log\\nflap_window = 2d | escalation.conf:3: [policy default] flap_window: must be at most 24h
          named section  | [flapping db]\\n[policy default]\\nstep1 = 0s log | escalation.conf:1: [flapping db] [flapping] takes no name; per policy, set flap_changes and flap_window there
          """)
  void badFlapKeysNameFileLineAndKey(String name, String text, String expected) {
    ConfigReport r = new ConfigReport();
    EscalationFileTest.parse(text.replace("\\n", "\n"), r);
    assertThat(r.errors())
        .extracting(Problem::toString)
        .anySatisfy(p -> assertThat(p).startsWith(expected));
  }

  @Test
  void aMisspeltFlapKeyIsNamed() {
    ConfigReport r = new ConfigReport();
    EscalationFileTest.parse("[flapping]\nflap_count = 3\n[policy default]\nstep1 = 0s log\n", r);
    assertThat(r.all())
        .extracting(Problem::toString)
        .contains("escalation.conf:2: [flapping] unknown key \"flap_count\", ignored");
  }
}
