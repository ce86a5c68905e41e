package io.botasky.collector.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.botasky.collector.store.AlertSql;
import io.botasky.collector.store.HostSql;
import io.botasky.common.alert.ValidEvent;
import io.botasky.common.testkit.MutableClock;
import io.botasky.common.wire.AlertState;
import io.botasky.common.wire.EventsResponse;
import io.botasky.common.wire.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The batch planner without a database: a fixed clock and ids, so every planned row is known. */
class AlertPlannerTest {
  private final MutableClock clock = new MutableClock(Instant.ofEpochMilli(100_000));
  private final AtomicInteger next = new AtomicInteger();
  private final AlertPlanner planner =
      new AlertPlanner(clock, () -> "id-" + next.incrementAndGet(), Duration.ofSeconds(30), 0);

  static ValidEvent ev(String id, String check, AlertState state) {
    return new ValidEvent(
        id, "pi3", "system", "", check, state, Severity.WARNING, 1.0, 1.0, "s", null, 0);
  }

  static HeartbeatWork beat(String host, long at) {
    return new HeartbeatWork(
        new HostSql.HostRow(host, at, at, "0.1", "10.0.0.3", "{}"),
        Set.of(),
        new CompletableFuture<>());
  }

  @Test
  void aTickRaisesHostDownForASilentHostWithTheGivenIdAndTime() {
    AlertPlanner.Intake in =
        planner.intake(
            List.of(new HostCheckWork(new WatchLease.Fence("me", 1), h -> true)),
            Map.of(
                "pi1",
                new HostState(60_000, false, Set.of()),
                "pi2",
                new HostState(90_000, false, Set.of())));
    assertThat(in.now()).isEqualTo(100_000);
    assertThat(in.events())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.owner()).isNull();
              assertThat(p.event().eventId()).isEqualTo("id-1");
              assertThat(p.event().host()).isEqualTo("pi1");
              assertThat(p.event().state()).isEqualTo(AlertState.FIRING);
              assertThat(p.event().summary())
                  .isEqualTo("no heartbeat from pi1 for 40 s (host_timeout 30 s)");
            });
    assertThat(in.hostsAfter()).containsOnlyKeys("pi1");
    assertThat(in.hostsAfter().get("pi1").down()).isTrue();
  }

  @Test
  void aHeartbeatOfADownHostResolvesItsHostDown() {
    AlertPlanner.Intake in =
        planner.intake(
            List.of(beat("pi1", 100_000), beat("pi1", 100_000)),
            Map.of("pi1", new HostState(40_000, true, Set.of())));
    // Only the first heartbeat ends the host_down: the second sees the host up already.
    assertThat(in.events())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.event().eventId()).isEqualTo("id-1");
              assertThat(p.event().state()).isEqualTo(AlertState.RESOLVED);
              assertThat(p.event().summary()).isEqualTo("heartbeat from pi1 again after 60 s");
            });
    assertThat(in.heartbeats()).hasSize(2);
    assertThat(in.hostRows()).hasSize(2);
    assertThat(in.hostsAfter().get("pi1")).isEqualTo(new HostState(100_000, false, Set.of()));
  }

  @Test
  void duplicatesStoredOrRepeatedInTheBatchAreCountedPerRequest() {
    EventsWork a =
        new EventsWork(
            "pi3",
            List.of(ev("e1", "cpu", AlertState.FIRING), ev("e2", "disk", AlertState.FIRING)),
            new CompletableFuture<>());
    EventsWork b =
        new EventsWork(
            "pi3", List.of(ev("e2", "disk", AlertState.FIRING)), new CompletableFuture<>());
    EventsWork empty = new EventsWork("pi3", List.of(), new CompletableFuture<>());
    List<AlertWork> batch = List.of(a, b, empty);
    AlertPlanner.Intake in = planner.intake(batch, Map.of());
    AlertPlanner.Fresh fresh = AlertPlanner.dedup(batch, in.events(), Set.of("e1"));
    assertThat(fresh.events()).extracting(p -> p.event().eventId()).containsExactly("e2");
    assertThat(fresh.duplicates()).isEqualTo(2);
    assertThat(fresh.answers())
        .containsEntry(a, new EventsResponse(1, 1))
        .containsEntry(b, new EventsResponse(0, 1))
        .containsEntry(empty, new EventsResponse(0, 0));
  }

  @Test
  void alertsOpenedInTheBatchGetProvisionalIdsAndLaterEventsSeeThem() {
    ValidEvent fire = ev("e1", "cpu", AlertState.FIRING);
    ValidEvent again = ev("e2", "cpu", AlertState.FIRING);
    ValidEvent other = ev("e3", "disk", AlertState.FIRING);
    List<AlertPlanner.Pending> pending =
        List.of(fire, again, other).stream().map(e -> new AlertPlanner.Pending(e, null)).toList();
    AlertPlanner.Writes w = AlertPlanner.transitions(pending, Map.of(), 100_000);
    assertThat(w.inserts()).extracting(r -> r.id()).containsExactly(-1L, -2L);
    assertThat(w.updates()).isEmpty();
    assertThat(w.events()).extracting(AlertSql.EventRow::alertId).containsExactly(-1L, -1L, -2L);
  }

  @Test
  void aStandbysTickRaisesNothing() {
    AlertPlanner.Intake in =
        planner.intake(
            List.of(new HostCheckWork(null, h -> true)),
            Map.of("pi1", new HostState(10_000, false, Set.of())));
    assertThat(in.events()).isEmpty();
    assertThat(in.hostsAfter()).isEmpty();
  }

  @Test
  void aTickEndsTheHostDownOfAHostThatBeatThroughAnotherCollector() {
    AlertPlanner.Intake in =
        planner.intake(
            List.of(new HostCheckWork(new WatchLease.Fence("me", 1), h -> true)),
            Map.of(
                "pi1", new HostState(99_000, true, Set.of()),
                "pi2", new HostState(99_000, true, Set.of())));
    assertThat(in.events())
        .extracting(p -> p.event().host() + " " + p.event().state() + " " + p.event().summary())
        .containsExactly(
            "pi1 RESOLVED heartbeat from pi1 again", "pi2 RESOLVED heartbeat from pi2 again");
    assertThat(in.hostsAfter().get("pi1").down()).isFalse();
  }

  @Test
  void aTickOnlyWatchesTheHostsOfItsPartition() {
    AlertPlanner.Intake in =
        planner.intake(
            List.of(new HostCheckWork(new WatchLease.Fence("me", 1), h -> h.equals("pi1"))),
            Map.of(
                "pi1", new HostState(10_000, false, Set.of()),
                "pi2", new HostState(10_000, false, Set.of())));
    assertThat(in.events()).extracting(p -> p.event().host()).containsExactly("pi1");
  }

  @Test
  void silenceDuringADatabaseOutageDoesNotCount() {
    // pi1 last heard of at 60 s; the database was gone and is back at 100 s.
    planner.databaseBack();
    Map<String, HostState> hosts = Map.of("pi1", new HostState(60_000, false, Set.of()));
    HostCheckWork tick = new HostCheckWork(new WatchLease.Fence("me", 1), h -> true);
    assertThat(planner.intake(List.of(tick), hosts).events()).isEmpty();
    clock.tick(Duration.ofSeconds(31));
    assertThat(planner.intake(List.of(tick), hosts).events())
        .singleElement()
        .satisfies(
            p ->
                assertThat(p.event().summary())
                    .isEqualTo("no heartbeat from pi1 for 31 s (host_timeout 30 s)"));
  }
}
