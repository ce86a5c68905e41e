package io.botasky.common.alert;

import static io.botasky.common.alert.AlertTransitions.Reason.NOTHING_OPEN;
import static io.botasky.common.alert.AlertTransitions.Reason.OPENED;
import static io.botasky.common.alert.AlertTransitions.Reason.REFRESHED;
import static io.botasky.common.alert.AlertTransitions.Reason.REOPENED_ABOVE_ACK;
import static io.botasky.common.alert.AlertTransitions.Reason.RESOLVED;
import static io.botasky.common.alert.AlertTransitions.Reason.SEVERITY_RAISED;
import static org.assertj.core.api.Assertions.assertThat;

import io.botasky.common.db.OpenKeys;
import io.botasky.common.wire.AlertState;
import io.botasky.common.wire.Severity;
import org.junit.jupiter.api.Test;

class AlertTransitionsTest {
  static ValidEvent ev(AlertState st, Severity sev, long at) {
    return new ValidEvent(
        "id", "pi3", "mysql", "3306", "replication_lag", st, sev, 1.0, 2.0, "s" + at, null, at);
  }

  static AlertRow open(Severity sev, AlertState st) {
    return new AlertRow(
        7,
        "k",
        "pi3",
        "mysql",
        "3306",
        "replication_lag",
        sev,
        st,
        "old",
        1.0,
        2.0,
        null,
        100,
        200,
        3,
        st == AlertState.ACKED ? "zq" : null,
        st == AlertState.ACKED ? 150L : null,
        null,
        null,
        200,
        null,
        0,
        null);
  }

  @Test
  void firingWithoutOpenAlertOpensOne() {
    AlertTransitions.Transition t =
        AlertTransitions.apply(null, ev(AlertState.FIRING, Severity.WARNING, 1000), 5000);
    assertThat(t.reason()).isEqualTo(OPENED);
    assertThat(t.row().state()).isEqualTo(AlertState.FIRING);
    assertThat(t.row().occurrences()).isEqualTo(1);
    assertThat(t.row().firstSeen()).isEqualTo(1000);
    assertThat(t.row().openKey()).isNotNull();
    assertThat(t.row().updatedAt()).isEqualTo(5000);
  }

  @Test
  void refreshKeepsTheHighestSeverityAndCounts() {
    AlertTransitions.Transition t =
        AlertTransitions.apply(
            open(Severity.CRITICAL, AlertState.FIRING),
            ev(AlertState.FIRING, Severity.WARNING, 300),
            5000);
    assertThat(t.reason()).isEqualTo(REFRESHED);
    assertThat(t.row().severity()).isEqualTo(Severity.CRITICAL);
    assertThat(t.row().occurrences()).isEqualTo(4);
    assertThat(t.row().lastSeen()).isEqualTo(300);
    assertThat(t.row().summary()).isEqualTo("s300");
  }

  @Test
  void anOlderEventDoesNotMoveLastSeenBack() {
    AlertTransitions.Transition t =
        AlertTransitions.apply(
            open(Severity.WARNING, AlertState.FIRING),
            ev(AlertState.FIRING, Severity.WARNING, 50),
            5000);
    assertThat(t.row().lastSeen()).isEqualTo(200);
    assertThat(t.row().firstSeen()).isEqualTo(50);
  }

  @Test
  void severityRiseOnFiringRaises() {
    AlertTransitions.Transition t =
        AlertTransitions.apply(
            open(Severity.WARNING, AlertState.FIRING),
            ev(AlertState.FIRING, Severity.CRITICAL, 300),
            5000);
    assertThat(t.reason()).isEqualTo(SEVERITY_RAISED);
    assertThat(t.row().severity()).isEqualTo(Severity.CRITICAL);
  }

  @Test
  void severityRiseOnAckedReopens() {
    AlertTransitions.Transition t =
        AlertTransitions.apply(
            open(Severity.WARNING, AlertState.ACKED),
            ev(AlertState.FIRING, Severity.CRITICAL, 300),
            5000);
    assertThat(t.reason()).isEqualTo(REOPENED_ABOVE_ACK);
    assertThat(t.row().state()).isEqualTo(AlertState.FIRING);
    assertThat(t.row().ackedBy()).isNull();
  }

  @Test
  void sameSeverityOnAckedStaysAcked() {
    AlertTransitions.Transition t =
        AlertTransitions.apply(
            open(Severity.WARNING, AlertState.ACKED),
            ev(AlertState.FIRING, Severity.WARNING, 300),
            5000);
    assertThat(t.reason()).isEqualTo(REFRESHED);
    assertThat(t.row().state()).isEqualTo(AlertState.ACKED);
    assertThat(t.row().ackedBy()).isEqualTo("zq");
  }

  /** An alert acked until 9000 whose earlier ack ran out once at 120 (docs/notifier.md). */
  static AlertRow timedAck() {
    AlertRow r = open(Severity.WARNING, AlertState.ACKED);
    return new AlertRow(
        r.id(),
        r.openKey(),
        r.host(),
        r.resource(),
        r.instance(),
        r.check(),
        r.severity(),
        r.state(),
        r.summary(),
        r.value(),
        r.threshold(),
        r.detailsJson(),
        r.firstSeen(),
        r.lastSeen(),
        r.occurrences(),
        r.ackedBy(),
        r.ackedAt(),
        r.ackComment(),
        r.resolvedAt(),
        r.updatedAt(),
        9000L,
        1,
        120L);
  }

  @Test
  void ackExpiryIsCarriedByEveryTransitionAndDroppedWithTheAckOnAReopen() {
    AlertTransitions.Transition same =
        AlertTransitions.apply(timedAck(), ev(AlertState.FIRING, Severity.WARNING, 300), 5000);
    assertThat(same.row().ackExpiresAt()).isEqualTo(9000L);
    assertThat(same.row().ackExpiries()).isEqualTo(1);
    assertThat(same.row().ackExpiredAt()).isEqualTo(120L);

    AlertTransitions.Transition rise =
        AlertTransitions.apply(timedAck(), ev(AlertState.FIRING, Severity.CRITICAL, 300), 5000);
    assertThat(rise.reason()).isEqualTo(REOPENED_ABOVE_ACK);
    assertThat(rise.row().ackExpiresAt()).isNull();
    // The notifier's sequence after the earlier expiry goes on (its epochs stay).
    assertThat(rise.row().ackExpiries()).isEqualTo(1);
    assertThat(rise.row().ackExpiredAt()).isEqualTo(120L);

    AlertTransitions.Transition resolved =
        AlertTransitions.apply(timedAck(), ev(AlertState.RESOLVED, Severity.WARNING, 900), 5000);
    assertThat(resolved.row().state()).isEqualTo(AlertState.RESOLVED);
    assertThat(resolved.row().ackExpiries()).isEqualTo(1);

    AlertTransitions.Transition opened =
        AlertTransitions.apply(null, ev(AlertState.FIRING, Severity.WARNING, 300), 5000);
    assertThat(opened.row().ackExpiresAt()).isNull();
    assertThat(opened.row().ackExpiries()).isZero();
  }

  @Test
  void resolvedClosesAndFreesTheOpenKey() {
    AlertTransitions.Transition t =
        AlertTransitions.apply(
            open(Severity.CRITICAL, AlertState.ACKED),
            ev(AlertState.RESOLVED, Severity.CRITICAL, 900),
            5000);
    assertThat(t.reason()).isEqualTo(RESOLVED);
    assertThat(t.row().state()).isEqualTo(AlertState.RESOLVED);
    assertThat(t.row().openKey()).isNull();
    assertThat(t.row().resolvedAt()).isEqualTo(900);
    assertThat(t.row().severity()).isEqualTo(Severity.CRITICAL);
  }

  @Test
  void resolvedWithNothingOpenChangesNothing() {
    AlertTransitions.Transition t =
        AlertTransitions.apply(null, ev(AlertState.RESOLVED, Severity.CRITICAL, 900), 5000);
    assertThat(t.reason()).isEqualTo(NOTHING_OPEN);
    assertThat(t.row()).isNull();
  }

  @Test
  void openKeysDoNotCollideAcrossParts() {
    assertThat(OpenKeys.of("a/b", "c", "", "d")).isNotEqualTo(OpenKeys.of("a", "b/c", "", "d"));
    assertThat(OpenKeys.of("pi3", "mysql", "3306", "x"))
        .isEqualTo(OpenKeys.of("pi3", "mysql", "3306", "x"))
        .hasSize(64);
  }
}
