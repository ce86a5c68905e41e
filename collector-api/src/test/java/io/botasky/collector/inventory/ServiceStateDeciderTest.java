package io.botasky.collector.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import io.botasky.collector.store.Service;
import io.botasky.common.wire.AlertState;
import io.botasky.common.wire.AlertView;
import io.botasky.common.wire.ServiceEntry;
import io.botasky.common.wire.Severity;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every rule of docs/collector.md, "Service states", with its reason. */
class ServiceStateDeciderTest {
  static final long NOW = 1_763_700_000_000L;
  static final long TIMEOUT = 90_000;

  static Service service(String instance, String state, long lastCheck) {
    return new Service(
        "pi3",
        new ServiceEntry(
            null,
            "redis",
            instance,
            "dev",
            state,
            "agent says " + state,
            lastCheck,
            60,
            List.of(),
            false),
        0,
        NOW - 600_000,
        new Service.Derived("ok", NOW - 600_000, false, ""));
  }

  static AlertView alert(long id, String instance, Severity sev, AlertState st, String summary) {
    return new AlertView(
        id, "pi3", "redis", instance, "down", sev, st, summary, null, null, 1, null, null);
  }

  static ServiceStateDecider.Decision decide(Service s, boolean down, List<AlertView> alerts) {
    return ServiceStateDecider.decide(
        new ServiceStateDecider.Facts(s, down, NOW - 1000, TIMEOUT, 0, alerts, NOW));
  }

  @Test
  void okWhenCheckedAndNothingFires() {
    ServiceStateDecider.Decision d = decide(service("6379", "ok", NOW - 1000), false, List.of());
    assertThat(d.state()).isEqualTo("ok");
    assertThat(d.acked()).isFalse();
    assertThat(d.reason()).isNotEmpty();
  }

  @Test
  void staleWhenTheHostIsDown() {
    ServiceStateDecider.Decision d = decide(service("6379", "ok", NOW - 1000), true, List.of());
    assertThat(d.state()).isEqualTo("stale");
    assertThat(d.reason()).contains("host_down");
  }

  @Test
  void staleWhenTheHostIsSilentLongerThanHostTimeout() {
    ServiceStateDecider.Decision d =
        ServiceStateDecider.decide(
            new ServiceStateDecider.Facts(
                service("6379", "ok", NOW - 1000),
                false,
                NOW - TIMEOUT - 1,
                TIMEOUT,
                0,
                List.of(),
                NOW));
    assertThat(d.state()).isEqualTo("stale");
    assertThat(d.reason()).contains("host_timeout");
  }

  @Test
  void staleAfterThreeIntervalsWithoutACheckNotBefore() {
    assertThat(decide(service("6379", "ok", NOW - 180_000), false, List.of()).state())
        .isEqualTo("ok");
    ServiceStateDecider.Decision d = decide(service("6379", "ok", NOW - 180_001), false, List.of());
    assertThat(d.state()).isEqualTo("stale");
    assertThat(d.reason()).contains("3 intervals");
  }

  @Test
  void neverCheckedCountsFromFirstSeenAndACollectorStartFromTheStart() {
    // first seen 600 s ago, interval 60 s, never checked: stale.
    assertThat(decide(service("6379", "ok", 0), false, List.of()).state()).isEqualTo("stale");
    // The same right after a collector start: not stale yet.
    ServiceStateDecider.Decision d =
        ServiceStateDecider.decide(
            new ServiceStateDecider.Facts(
                service("6379", "ok", NOW - 600_000),
                false,
                NOW - 600_000,
                TIMEOUT,
                NOW - 5000,
                List.of(),
                NOW));
    assertThat(d.state()).isEqualTo("ok");
  }

  @Test
  void worstOwnedAlertDecidesWithItsSummary() {
    ServiceStateDecider.Decision d =
        decide(
            service("6379", "ok", NOW - 1000),
            false,
            List.of(
                alert(1, "6379", Severity.WARNING, AlertState.FIRING, "slow"),
                alert(2, "6379", Severity.CRITICAL, AlertState.FIRING, "down"),
                alert(3, "6380", Severity.CRITICAL, AlertState.FIRING, "other instance"),
                alert(4, "6379", Severity.NOTE, AlertState.FIRING, "a note")));
    assertThat(d.state()).isEqualTo("critical");
    assertThat(d.summary()).isEqualTo("down");
    assertThat(d.acked()).isFalse();
    assertThat(d.reason()).contains("#2");
  }

  @Test
  void ackedWhenTheWorstAlertIsAckedButAFiringOneOfTheSameSeverityWins() {
    ServiceStateDecider.Decision acked =
        decide(
            service("6379", "ok", NOW - 1000),
            false,
            List.of(alert(1, "6379", Severity.WARNING, AlertState.ACKED, "slow")));
    assertThat(acked.state()).isEqualTo("warning");
    assertThat(acked.acked()).isTrue();
    ServiceStateDecider.Decision firing =
        decide(
            service("6379", "ok", NOW - 1000),
            false,
            List.of(
                alert(1, "6379", Severity.WARNING, AlertState.ACKED, "slow"),
                alert(2, "6379", Severity.WARNING, AlertState.FIRING, "slower")));
    assertThat(firing.acked()).isFalse();
    assertThat(firing.summary()).isEqualTo("slower");
  }

  @Test
  void aServiceWithoutInstanceOwnsEveryInstanceOfItsResource() {
    ServiceStateDecider.Decision d =
        decide(
            service("", "ok", NOW - 1000),
            false,
            List.of(alert(1, "/var", Severity.WARNING, AlertState.FIRING, "disk")));
    assertThat(d.state()).isEqualTo("warning");
  }

  @Test
  void unknownFromTheAgentThenItsWarningOrCritical() {
    assertThat(decide(service("6379", "unknown", NOW - 1000), false, List.of()).state())
        .isEqualTo("unknown");
    ServiceStateDecider.Decision w =
        decide(service("6379", "critical", NOW - 1000), false, List.of());
    assertThat(w.state()).isEqualTo("critical");
    assertThat(w.summary()).isEqualTo("agent says critical");
    // An alert outranks the agent's unknown.
    assertThat(
            decide(
                    service("6379", "unknown", NOW - 1000),
                    false,
                    List.of(alert(1, "6379", Severity.WARNING, AlertState.FIRING, "slow")))
                .state())
        .isEqualTo("warning");
  }

  static AlertView systemAlert(long id, String instance, String check) {
    return new AlertView(
        id,
        "pi3",
        "system",
        instance,
        check,
        Severity.WARNING,
        AlertState.FIRING,
        instance + " failed",
        null,
        null,
        1,
        null,
        null);
  }

  @Test
  void aFailedProbeMakesItsOwnSectionUnknownNotSystemWarning() {
    Service redis = service("6379", "ok", NOW - 1000);
    ServiceStateDecider.Decision d =
        decide(redis, false, List.of(systemAlert(7, "redis:6379", "probe_failed")));
    assertThat(d.state()).isEqualTo("unknown");
    assertThat(d.summary()).isEqualTo("redis:6379 failed");
    assertThat(d.reason()).contains("probe_failed");
    assertThat(
            decide(
                    service("6380", "ok", NOW - 1000),
                    false,
                    List.of(systemAlert(7, "redis:6379", "probe_failed")))
                .state())
        .isEqualTo("ok");
    Service system =
        new Service(
            "pi3",
            new ServiceEntry(null, "system", "", "", "ok", "", NOW - 1000, 5, List.of(), false),
            0,
            NOW - 600_000,
            new Service.Derived("ok", NOW - 600_000, false, ""));
    assertThat(decide(system, false, List.of(systemAlert(7, "redis:6379", "probe_failed"))).state())
        .isEqualTo("ok");
    assertThat(decide(system, false, List.of(systemAlert(8, "system/cpu", "probe_failed"))).state())
        .isEqualTo("unknown");
  }

  @Test
  void aRealAlertOutranksAnUnjudgedOne() {
    Service redis = service("6379", "ok", NOW - 1000);
    ServiceStateDecider.Decision d =
        decide(
            redis,
            false,
            List.of(
                systemAlert(7, "redis:6379", "probe_failed"),
                alert(9, "6379", Severity.CRITICAL, AlertState.FIRING, "down")));
    assertThat(d.state()).isEqualTo("critical");
  }
}
