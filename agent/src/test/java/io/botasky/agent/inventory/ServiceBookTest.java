package io.botasky.agent.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import io.botasky.agent.alert.AlertPolicy;
import io.botasky.agent.alert.AlertTracker;
import io.botasky.agent.probe.CheckOutcome;
import io.botasky.agent.probe.Probe;
import io.botasky.agent.probe.ProbeSink;
import io.botasky.agent.probe.RoundResult;
import io.botasky.agent.probe.ScheduledProbe;
import io.botasky.common.wire.ServiceEntry;
import io.botasky.common.wire.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A service's state from its latest rounds and the alerts its probes keep firing. */
class ServiceBookTest {
  private static final Instant T0 = Instant.parse("2026-12-06T10:00:00Z");
  private final AlertTracker tracker =
      new AlertTracker(new AlertPolicy(1, 1, 5.0, Duration.ofMinutes(5)), UUID::randomUUID);

  static ScheduledProbe probe(String id, Duration interval) {
    Probe p =
        new Probe() {
          @Override
          public String id() {
            return id;
          }

          @Override
          public void run(ProbeSink sink) {}
        };
    return ScheduledProbe.of(p, interval);
  }

  private final ConfiguredService system =
      ConfiguredService.of(
          "system",
          null,
          new ServiceKeys("dev", false, Map.of(), Duration.ofSeconds(60)),
          List.of(
              probe("system/cpu", Duration.ofSeconds(5)),
              probe("system/disk", Duration.ofMinutes(1))));
  private final ConfiguredService redis =
      ConfiguredService.of(
          "redis",
          "6379",
          new ServiceKeys(
              "dev/cache", true, Map.of("restart", List.of("systemctl")), Duration.ofSeconds(60)),
          List.of(probe("redis:6379", Duration.ofSeconds(10))));
  private final ServiceBook book = new ServiceBook(List.of(system, redis), tracker);

  private void round(String probe, Instant at, String error, CheckOutcome... outcomes) {
    RoundResult r = new RoundResult(probe, at, Duration.ZERO, List.of(), List.of(outcomes), error);
    if (r.success()) {
      tracker.observeRound(probe, r.outcomes(), at);
    } else {
      for (CheckOutcome o : r.outcomes()) {
        tracker.observe(probe, o, at);
      }
    }
    book.onRound(r);
  }

  private static CheckOutcome redisDown(Severity s) {
    return CheckOutcome.failing(
        "redis", "6379", "unreachable", s, null, null, "redis down: refused");
  }

  @Test
  void beforeAnyRoundEveryServiceIsOkWithoutACheck() {
    assertThat(book.snapshot())
        .containsExactly(
            new ServiceEntry(null, "system", "", "dev", "ok", "", 0, 5, List.of(), false),
            new ServiceEntry(
                null, "redis", "6379", "dev/cache", "ok", "", 0, 10, List.of("restart"), true));
  }

  @Test
  void lastCheckIsTheLatestRoundOfAnyOfTheSectionsProbes() {
    round("system/cpu", T0, null);
    round("system/disk", T0.plusSeconds(3), null);
    round("system/cpu", T0.plusSeconds(1), null);
    assertThat(book.snapshot().get(0).lastCheck()).isEqualTo(T0.plusSeconds(3).toEpochMilli());
    assertThat(book.snapshot().get(1).lastCheck()).isZero();
  }

  @Test
  void aFailedRoundMakesItUnknownWithTheFailureUntilAGoodRound() {
    round("system/disk", T0, "timed out after 60.0 s");
    ServiceEntry e = book.snapshot().get(0);
    assertThat(e.state()).isEqualTo("unknown");
    assertThat(e.summary()).isEqualTo("system/disk failed: timed out after 60.0 s");
    round("system/cpu", T0.plusSeconds(5), null);
    assertThat(book.snapshot().get(0).state())
        .as("another probe's good round")
        .isEqualTo("unknown");
    round("system/disk", T0.plusSeconds(60), null);
    assertThat(book.snapshot().get(0))
        .extracting(ServiceEntry::state, ServiceEntry::summary)
        .containsExactly("ok", "");
  }

  @Test
  void aFiringCriticalMakesItCriticalWithTheAlertsSummaryAndResolvedMakesItOk() {
    round("redis:6379", T0, null, redisDown(Severity.CRITICAL));
    assertThat(book.snapshot().get(1))
        .extracting(ServiceEntry::state, ServiceEntry::summary)
        .containsExactly("critical", "redis down: refused");
    assertThat(book.snapshot().get(0).state()).as("not another service's alert").isEqualTo("ok");
    round("redis:6379", T0.plusSeconds(10), null);
    assertThat(book.snapshot().get(1))
        .extracting(ServiceEntry::state, ServiceEntry::summary)
        .containsExactly("ok", "");
  }

  @Test
  void theWorstFiringAlertWinsAndANoteLeavesItOk() {
    round(
        "system/disk",
        T0,
        null,
        CheckOutcome.failing("system", "/", "disk_usage", Severity.NOTE, 81.0, 80.0, "/ 81%"));
    assertThat(book.snapshot().get(0).state()).isEqualTo("ok");
    round(
        "system/disk",
        T0.plusSeconds(60),
        null,
        CheckOutcome.failing("system", "/", "disk_usage", Severity.NOTE, 81.0, 80.0, "/ 81%"),
        CheckOutcome.failing(
            "system", "/var", "disk_usage", Severity.WARNING, 91.0, 90.0, "/var 91%"));
    assertThat(book.snapshot().get(0))
        .extracting(ServiceEntry::state, ServiceEntry::summary)
        .containsExactly("warning", "/var 91%");
  }

  @Test
  void aFiringUnknownCheckMakesItUnknown() {
    ConfiguredService cmd =
        ConfiguredService.of(
            "command",
            "nginx",
            ServiceKeys.NONE,
            List.of(probe("command:nginx", Duration.ofMinutes(1))));
    ServiceBook b = new ServiceBook(List.of(cmd), tracker);
    CheckOutcome unknown =
        CheckOutcome.failing(
            "command", "nginx", "unknown", Severity.WARNING, 3.0, null, "UNKNOWN (exit 3)");
    tracker.observeRound("command:nginx", List.of(unknown), T0);
    b.onRound(
        new RoundResult("command:nginx", T0, Duration.ZERO, List.of(), List.of(unknown), null));
    assertThat(b.snapshot().get(0))
        .extracting(ServiceEntry::state, ServiceEntry::summary, ServiceEntry::interval)
        .containsExactly("unknown", "UNKNOWN (exit 3)", 60);
  }

  @Test
  void aSummaryIsMadeSafeAndFitsTheWire() {
    String s = ServiceBook.summary("line\nbreak" + "x".repeat(2000));
    assertThat(s).doesNotContain("\n").startsWith("line\\nbreak");
    assertThat(s.codePointCount(0, s.length())).isLessThanOrEqualTo(ServiceEntry.MAX_SUMMARY);
  }

  @Test
  void aReloadKeepsAStayingServicesStateDropsARemovedOneAndAddsANewOneUnchecked() {
    round("system/disk", T0, "timed out after 60.0 s");
    round("redis:6379", T0, null);
    ConfiguredService tcp =
        ConfiguredService.of(
            "tcp",
            "db",
            new ServiceKeys("dev", false, Map.of(), Duration.ofSeconds(60)),
            List.of(probe("tcp:db", Duration.ofSeconds(5))));

    book.replace(List.of(tcp, system));

    List<ServiceEntry> after = book.snapshot();
    assertThat(after).extracting(ServiceEntry::resource).containsExactly("tcp", "system");
    assertThat(after.get(0).lastCheck()).isZero();
    assertThat(after.get(1))
        .extracting(ServiceEntry::state, ServiceEntry::lastCheck)
        .containsExactly("unknown", T0.toEpochMilli());
    round("redis:6379", T0.plusSeconds(10), null);
    assertThat(book.snapshot()).hasSize(2);
  }
}
