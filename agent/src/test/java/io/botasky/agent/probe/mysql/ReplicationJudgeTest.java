package io.botasky.agent.probe.mysql;

import static org.assertj.core.api.Assertions.assertThat;

import io.botasky.agent.probe.CheckOutcome;
import io.botasky.common.wire.Severity;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The replication checks on rows captured from MariaDB 10.11 and on MySQL 8.0.22+ column names. */
class ReplicationJudgeTest {
  private static final LagLimits LIMITS =
      new LagLimits(Duration.ofSeconds(5), Duration.ofSeconds(20));

  private static Map<String, CheckOutcome> judge(String fixture, String unreachable) {
    ReplicaStatus s = ReplicaStatusParser.parse(VerticalRows.fixture(fixture));
    return ReplicationJudge.judge("13307", s, LIMITS, unreachable).stream()
        .collect(Collectors.toMap(CheckOutcome::check, o -> o));
  }

  private static List<String> firing(Map<String, CheckOutcome> m) {
    return m.values().stream().filter(o -> !o.ok()).map(CheckOutcome::check).sorted().toList();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "mariadb-10.11/replica-status-healthy.txt",
        "mysql-8.0/replica-status-healthy.txt"
      })
  void healthyReplicaRaisesNothing(String fixture) {
    Map<String, CheckOutcome> m = judge(fixture, null);
    assertThat(m)
        .containsOnlyKeys(
            "master_down", "replication_io_stopped", "replication_sql_stopped", "replication_lag");
    assertThat(firing(m)).as("%s", m).isEmpty();
    assertThat(m.get("replication_lag").value()).isEqualTo(0.0);
  }

  @Test
  void bothColumnNamingsParseToTheSameFacts() {
    ReplicaStatus maria =
        ReplicaStatusParser.parse(VerticalRows.fixture("mariadb-10.11/replica-status-healthy.txt"));
    ReplicaStatus mysql =
        ReplicaStatusParser.parse(VerticalRows.fixture("mysql-8.0/replica-status-healthy.txt"));
    assertThat(mysql.ioRunning()).isEqualTo(maria.ioRunning()).isEqualTo("Yes");
    assertThat(mysql.masterHost()).isEqualTo(maria.masterHost()).isEqualTo("127.0.0.1");
    assertThat(mysql.masterPort()).isEqualTo(maria.masterPort()).isEqualTo(13306);
    assertThat(mysql.lagSeconds()).isEqualTo(maria.lagSeconds()).isEqualTo(0L);
  }

  @Test
  void sqlThreadStoppedIsAFailureAndItsNullLagToo() {
    Map<String, CheckOutcome> m = judge("mariadb-10.11/replica-status-sql-stopped.txt", null);
    assertThat(firing(m)).containsExactly("replication_lag", "replication_sql_stopped");
    assertThat(m.get("replication_lag").summary()).contains("NULL");
  }

  @Test
  void ioThreadStoppedIsAFailure() {
    Map<String, CheckOutcome> m = judge("mariadb-10.11/replica-status-io-stopped.txt", null);
    assertThat(firing(m)).containsExactly("replication_io_stopped", "replication_lag");
  }

  @Test
  void sqlErrorCarriesItsErrno() {
    Map<String, CheckOutcome> m = judge("mariadb-10.11/replica-status-sql-error.txt", null);
    assertThat(m.get("replication_sql_stopped").summary())
        .contains("1062")
        .contains("Duplicate entry");
    assertThat(m.get("replication_sql_stopped").details()).containsEntry("last_sql_errno", 1062);
  }

  @Test
  void lagIsJudgedAgainstWarningAndCritical() {
    Map<String, CheckOutcome> m = judge("mariadb-10.11/replica-status-lag.txt", null);
    CheckOutcome lag = m.get("replication_lag");
    assertThat(lag.value()).isEqualTo(6.0);
    assertThat(lag.severity()).isEqualTo(Severity.WARNING);
    assertThat(lag.threshold()).isEqualTo(5.0);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "mariadb-10.11/replica-status-primary-down.txt",
        "mysql-8.0/replica-status-source-down.txt"
      })
  void primaryDownIsMasterDownNotIoStopped(String fixture) {
    Map<String, CheckOutcome> m = judge(fixture, null);
    assertThat(firing(m)).containsExactly("master_down", "replication_lag");
    assertThat(m.get("master_down").summary()).contains("2003").contains("Connecting");
  }

  @Test
  void anUnreachablePrimaryIsMasterDownWhateverTheErrno() {
    Map<String, CheckOutcome> m =
        judge("mariadb-10.11/replica-status-io-stopped.txt", "connection refused");
    assertThat(firing(m)).contains("master_down").doesNotContain("replication_io_stopped");
  }

  @Test
  void numbersOutOfRangeAreUnknownNotWrapped() {
    ReplicaStatus s =
        ReplicaStatusParser.parse(
            java.util.Map.of(
                "Source_Port",
                "65536",
                "Last_IO_Errno",
                "4294967297",
                "Seconds_Behind_Source",
                "-1",
                "Last_SQL_Errno",
                "\u0661"));
    assertThat(s.masterPort()).isZero();
    assertThat(s.lastIoErrno()).isZero();
    assertThat(s.lagSeconds()).isNull();
    assertThat(s.lastSqlErrno()).isZero();
  }
}
