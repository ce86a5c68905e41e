package io.botasky.notifier.policy;

import static io.botasky.notifier.policy.Alerts.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.botasky.common.config.ConfigReport;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Alerts that reach the notifier only once resolved (docs/notifier.md, "Alerts that arrive
 * resolved"): a late notice to the steps they lived long enough to reach, through every gate.
 */
class LateNoticeTest {
  private static final Escalation FILE =
      EscalationFileTest.parse(
          """
          [contacts oncall]
          mail = ops@example.com
          [contacts leads]
          mail = lead@example.com
          [policy db]
          match = host=db*
          step1 = 0s mail oncall
          step2 = 1m action restart
          step3 = 15m mail leads
          resolved = mail oncall
          [maintenance backup]
          every = daily 10:30-12:30
          timezone = UTC
          match = host=db2
          """,
          new ConfigReport());

  private static final Policy DB = FILE.policies().get(0);
  private static final AlertFacts DB1 =
      Alerts.facts(7, "db1", "mysql", "3306", "unreachable", "critical");
  private static final Instant NOW = T0.plus(Duration.ofHours(1));

  private static History unseen() {
    return History.none();
  }

  private static History seenNotHeard() {
    return new History(List.of(), false, true);
  }

  static Stream<Arguments> table() {
    AlertFacts lived30s = Alerts.resolvedAfter(DB1, Duration.ofSeconds(30));
    AlertFacts lived20m = Alerts.resolvedAfter(DB1, Duration.ofMinutes(20));
    Policy late =
        new Policy(
            "late",
            List.of(),
            List.of(new Step(1, Duration.ofMinutes(5), "mail", List.of("oncall"))),
            null,
            null,
            Duration.ZERO);
    PlanRecord lateDone = new PlanRecord(3, Kind.RESOLVED, 1, 0, "db", Reason.RESOLVED_LATE, T0);
    return Stream.of(
        Arguments.of(
            "lived 30 s: step 1 only (the action and step 3 were not due)",
            lived30s,
            DB,
            unseen(),
            null,
            Reason.RESOLVED_LATE,
            List.of(1)),
        Arguments.of(
            "lived 20 min: steps 1 and 3, never the action",
            lived20m,
            DB,
            unseen(),
            null,
            Reason.RESOLVED_LATE,
            List.of(1, 3)),
        Arguments.of(
            "resolved within the first step's delay: nobody would have heard",
            lived30s,
            late,
            unseen(),
            null,
            Reason.RESOLVED_UNHEARD,
            List.of()),
        Arguments.of(
            "seen firing before, not yet due or held back: no notice",
            lived20m,
            DB,
            seenNotHeard(),
            null,
            Reason.RESOLVED_UNHEARD,
            List.of()),
        Arguments.of(
            "silenced now: no notice",
            lived20m,
            DB,
            unseen(),
            NOW.plusSeconds(60),
            Reason.SUPPRESSED_SILENCED,
            List.of()),
        Arguments.of(
            "late notice already planned",
            lived20m,
            DB,
            new History(List.of(lateDone), false, true),
            null,
            Reason.RESOLVED_DONE,
            List.of()),
        Arguments.of(
            "acked before it resolved: someone knew",
            Alerts.ackedThenResolved(DB1, Duration.ofMinutes(20)),
            DB,
            unseen(),
            null,
            Reason.RESOLVED_UNHEARD,
            List.of()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("table")
  void decides(
      String name,
      AlertFacts a,
      Policy p,
      History h,
      Instant silencedUntil,
      Reason reason,
      List<Integer> steps) {
    EscalationDecision d = Escalator.decide(a, p, h, silencedUntil, NOW);
    assertThat(d.reason()).isEqualTo(reason);
    assertThat(d.planned()).extracting(Planned::step).containsExactlyElementsOf(steps);
    assertThat(d.planned())
        .allMatch(pl -> pl.kind() == Kind.RESOLVED && pl.reason() == Reason.RESOLVED_LATE);
    assertThat(d.planned()).allMatch(pl -> pl.recipients().channel().equals("mail"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("gates")
  void gatesHoldItBack(
      String name, AlertFacts a, boolean inWindow, boolean parentFires, Reason reason) {
    MaintenanceGate.Held held = MaintenanceGate.heldBy(FILE.maintenance(), a, NOW);
    assertThat(held != null).isEqualTo(inWindow);
    Suppression parent =
        parentFires ? new Suppression(99, "db1 host host_down", "host_down") : null;
    EscalationDecision d = MaintenanceGate.decide(a, DB, unseen(), held, null, parent, NOW);
    assertThat(d.reason()).isEqualTo(reason);
    assertThat(d.planned()).isEmpty();
    // Decided again later (the window's end, the parent's end), it is no longer new: no notice.
    assertThat(
            MaintenanceGate.decide(a, DB, seenNotHeard(), null, null, null, NOW.plusSeconds(7200))
                .reason())
        .isEqualTo(Reason.RESOLVED_UNHEARD);
  }

  static Stream<Arguments> gates() {
    AlertFacts db2 =
        Alerts.resolvedAfter(
            Alerts.facts(8, "db2", "mysql", "3306", "unreachable", "critical"),
            Duration.ofMinutes(20));
    AlertFacts db1 = Alerts.resolvedAfter(DB1, Duration.ofMinutes(20));
    return Stream.of(
        Arguments.of(
            "arrived resolved during a maintenance window",
            db2,
            true,
            false,
            Reason.SUPPRESSED_MAINTENANCE),
        Arguments.of(
            "arrived resolved while its parent fires",
            db1,
            false,
            true,
            Reason.SUPPRESSED_BY_PARENT));
  }
}
