package io.botasky.notifier.policy;

import static io.botasky.notifier.policy.Alerts.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.botasky.common.config.ConfigReport;
import io.botasky.common.wire.AlertState;
import io.botasky.common.wire.Severity;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The dependency decision as a table: parents firing, the alert, the reason and the parent. */
class SuppressorTest {
  static final Escalation FILE =
      EscalationFileTest.parse(
          """
          [contacts oncall]
          mail = ops@example.com
          [policy default]
          step1 = 0s mail oncall
          [dependency mysql_failover]
          parent = resource=mysql check=process_down
          children = resource=mysql check=master_down|replication_io_stopped
          """,
          new ConfigReport());

  static final AlertFacts HOST_DOWN =
      Alerts.facts(1, "pi3", "host", "pi3", "host_down", "critical");
  static final AlertFacts CPU_PI3 = Alerts.facts(10, "pi3", "system", "", "cpu_usage", "warning");
  static final AlertFacts CPU_PI4 = Alerts.facts(11, "pi4", "system", "", "cpu_usage", "warning");
  static final AlertFacts PRIMARY =
      Alerts.facts(2, "db1", "mysql", "3306", "process_down", "critical");
  static final AlertFacts REPLICA2 =
      Alerts.facts(20, "db2", "mysql", "3306", "master_down", "critical");
  static final AlertFacts REPLICA3 =
      Alerts.facts(21, "db3", "mysql", "3306", "replication_io_stopped", "critical");
  static final AlertFacts LAG =
      Alerts.facts(22, "db3", "mysql", "3306", "replication_lag", "warning");

  static Stream<Arguments> table() {
    return Stream.of(
        // name, parents firing, alert, reason, parent id (or null)
        Arguments.of("no parent", List.of(), CPU_PI3, Reason.STEP_DUE, null),
        Arguments.of(
            "host_down: same host", List.of(HOST_DOWN), CPU_PI3, Reason.SUPPRESSED_BY_PARENT, 1L),
        Arguments.of("host_down: other host", List.of(HOST_DOWN), CPU_PI4, Reason.STEP_DUE, null),
        Arguments.of(
            "host_down: not its own child", List.of(HOST_DOWN), HOST_DOWN, Reason.STEP_DUE, null),
        Arguments.of(
            "host_down acked still suppresses",
            List.of(Alerts.with(HOST_DOWN, AlertState.ACKED, Severity.CRITICAL)),
            CPU_PI3,
            Reason.SUPPRESSED_BY_PARENT,
            1L),
        Arguments.of(
            "host_down resolved: notified from its steps",
            List.of(Alerts.with(HOST_DOWN, AlertState.RESOLVED, Severity.CRITICAL)),
            CPU_PI3,
            Reason.STEP_DUE,
            null),
        Arguments.of(
            "rule: child on another host",
            List.of(PRIMARY),
            REPLICA2,
            Reason.SUPPRESSED_BY_PARENT,
            2L),
        Arguments.of(
            "rule: second child check",
            List.of(PRIMARY),
            REPLICA3,
            Reason.SUPPRESSED_BY_PARENT,
            2L),
        Arguments.of("rule: not a child", List.of(PRIMARY), LAG, Reason.STEP_DUE, null),
        Arguments.of("rule: parent itself", List.of(PRIMARY), PRIMARY, Reason.STEP_DUE, null),
        Arguments.of("rule: no parent firing", List.of(CPU_PI3), REPLICA2, Reason.STEP_DUE, null),
        Arguments.of(
            "host_down wins over a rule",
            List.of(PRIMARY, Alerts.facts(3, "db2", "host", "db2", "host_down", "critical")),
            REPLICA2,
            Reason.SUPPRESSED_BY_PARENT,
            3L),
        Arguments.of(
            "lowest parent id wins",
            List.of(Alerts.facts(5, "db9", "mysql", "3306", "process_down", "critical"), PRIMARY),
            REPLICA2,
            Reason.SUPPRESSED_BY_PARENT,
            2L),
        Arguments.of(
            "acked child: acked, not suppressed",
            List.of(PRIMARY),
            Alerts.with(REPLICA2, AlertState.ACKED, Severity.CRITICAL),
            Reason.STOPPED_ACKED,
            2L),
        Arguments.of(
            "child arriving resolved under a firing parent: held back, no late notice",
            List.of(PRIMARY),
            Alerts.with(REPLICA2, AlertState.RESOLVED, Severity.CRITICAL),
            Reason.SUPPRESSED_BY_PARENT,
            2L));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("table")
  void decides(String name, List<AlertFacts> parents, AlertFacts a, Reason reason, Long parent) {
    Suppressor s = Suppressor.of(parents, FILE.dependencies());
    Suppression sup = s.of(a);
    assertThat(sup == null ? null : sup.parentId()).isEqualTo(parent);
    EscalationDecision d =
        Suppressor.decide(
            a, FILE.policyFor(a).orElseThrow(), History.none(), null, sup, T0.plusSeconds(1));
    assertThat(d.reason()).isEqualTo(reason);
    if (reason == Reason.SUPPRESSED_BY_PARENT) {
      assertThat(d.planned()).isEmpty();
      assertThat(sup.rule())
          .isEqualTo(
              Suppressor.isHostDown(
                      parents.stream().filter(p -> p.id() == parent).findFirst().get())
                  ? Suppression.HOST_DOWN
                  : "[dependency mysql_failover]");
    }
  }

  @org.junit.jupiter.api.Test
  void aSilenceStillWinsAndNoPolicyStillMeansNobody() {
    Suppression sup = Suppressor.of(List.of(HOST_DOWN), List.of()).of(CPU_PI3);
    Policy p = FILE.policyFor(CPU_PI3).orElseThrow();
    assertThat(Suppressor.decide(CPU_PI3, p, History.none(), T0.plusSeconds(60), sup, T0).reason())
        .isEqualTo(Reason.SUPPRESSED_SILENCED);
    assertThat(Suppressor.decide(CPU_PI3, null, History.none(), null, sup, T0).reason())
        .isEqualTo(Reason.NO_POLICY);
  }
}
