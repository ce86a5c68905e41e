package io.botasky.collector.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import io.botasky.collector.ingest.HostState;
import io.botasky.collector.store.HostInventory;
import io.botasky.collector.store.Service;
import io.botasky.common.testkit.MutableClock;
import io.botasky.common.wire.AlertState;
import io.botasky.common.wire.AlertView;
import io.botasky.common.wire.ServiceEntry;
import io.botasky.common.wire.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * The ticker with a {@link MutableClock} (docs/collector.md, "Service states"): stale after three
 * intervals, stale while the host is down, critical → ok with an alert's life, acked; since moves
 * only with the state and is persisted then.
 */
class InventoryTickerTest {
  private final MutableClock clock = new MutableClock(Instant.ofEpochMilli(1_763_700_000_000L));
  private final long start = clock.millis();
  private final Inventory inventory = new Inventory();
  private final Map<String, HostState> hosts = new ConcurrentHashMap<>();
  private final Map<Long, AlertView> db = new ConcurrentHashMap<>();
  private final List<Service> saved = new ArrayList<>();
  private final List<Service> fed = new ArrayList<>();
  private final List<Service> removedFed = new ArrayList<>();
  private volatile boolean leads = true;
  private final OpenAlerts alerts =
      new OpenAlerts(
          new OpenAlerts.Source() {
            @Override
            public List<AlertView> open() {
              return List.copyOf(db.values());
            }

            @Override
            public List<AlertView> byIds(Collection<Long> ids) {
              return ids.stream().map(db::get).toList();
            }
          });
  private final InventoryTicker ticker =
      new InventoryTicker(
          inventory,
          alerts,
          () -> hosts,
          90_000,
          start,
          clock,
          saved::addAll,
          (changed, removed) -> {
            fed.addAll(changed);
            removedFed.addAll(removed);
          },
          () -> leads);

  private void beat(long lastCheck) {
    hosts.put("pi3", new HostState(clock.millis(), false, Set.of()));
    ServiceEntry e =
        new ServiceEntry(null, "redis", "6379", "dev", "ok", "", lastCheck, 10, List.of(), false);
    inventory.put(
        "pi3",
        new HostInventory(
            "0000000000000001",
            List.of(new Service("pi3", e, 0, start, InventoryPlanner.initial(e, start)))));
  }

  private String state() {
    return inventory.get("pi3").services().get(0).derived().state();
  }

  private void alert(AlertState st) {
    db.put(
        7L,
        new AlertView(
            7,
            "pi3",
            "redis",
            "6379",
            "down",
            Severity.CRITICAL,
            st,
            "redis down",
            null,
            null,
            1,
            null,
            null));
    alerts.changed(Set.of(7L));
  }

  @Test
  void staleAfterThreeIntervalsAndOkAgainOnTheNextCheck() {
    beat(clock.millis());
    assertThat(ticker.tick()).isEmpty();
    clock.tick(Duration.ofSeconds(30));
    hosts.put("pi3", new HostState(clock.millis(), false, Set.of()));
    ticker.tick();
    assertThat(state()).isEqualTo("ok");
    clock.tick(Duration.ofMillis(1));
    assertThat(ticker.tick())
        .singleElement()
        .satisfies(s -> assertThat(s.derived().state()).isEqualTo("stale"));
    assertThat(saved)
        .singleElement()
        .satisfies(s -> assertThat(s.derived().since()).isEqualTo(clock.millis()));
    assertThat(fed).as("new, then stale").hasSize(2);
    assertThat(fed.get(1).derived().state()).isEqualTo("stale");
    beat(clock.millis());
    ticker.tick();
    assertThat(state()).isEqualTo("ok");
  }

  @Test
  void aStandbyDerivesAndFeedsStatesButOnlyTheLeaderSavesThem() {
    leads = false;
    beat(clock.millis());
    ticker.tick();
    hosts.put("pi3", new HostState(clock.millis(), true, Set.of()));
    clock.tick(Duration.ofSeconds(1));
    assertThat(ticker.tick()).hasSize(1);
    assertThat(state()).isEqualTo("stale");
    assertThat(fed.get(fed.size() - 1).derived().state()).isEqualTo("stale");
    assertThat(saved).as("a standby writes no state").isEmpty();
    leads = true;
    hosts.put("pi3", new HostState(clock.millis(), false, Set.of()));
    clock.tick(Duration.ofSeconds(1));
    ticker.tick();
    assertThat(saved)
        .singleElement()
        .satisfies(s -> assertThat(s.derived().state()).isEqualTo("ok"));
  }

  @Test
  void staleWhileTheHostIsDown() {
    beat(clock.millis());
    hosts.put("pi3", new HostState(clock.millis(), true, Set.of()));
    ticker.tick();
    assertThat(state()).isEqualTo("stale");
  }

  @Test
  void anAlertMakesItCriticalAckedThenOkWhenResolved() {
    beat(clock.millis());
    ticker.tick();
    alert(AlertState.FIRING);
    clock.tick(Duration.ofSeconds(1));
    ticker.tick();
    Service s = inventory.get("pi3").services().get(0);
    assertThat(s.derived().state()).isEqualTo("critical");
    assertThat(s.derived().summary()).isEqualTo("redis down");
    assertThat(s.derived().since()).isEqualTo(clock.millis());
    long criticalSince = clock.millis();

    alert(AlertState.ACKED);
    clock.tick(Duration.ofSeconds(1));
    assertThat(ticker.tick()).hasSize(1);
    s = inventory.get("pi3").services().get(0);
    assertThat(s.derived().acked()).isTrue();
    // Acking changes no state: since stays, nothing is persisted for it.
    assertThat(s.derived().since()).isEqualTo(criticalSince);
    assertThat(saved).hasSize(1);

    alert(AlertState.RESOLVED);
    clock.tick(Duration.ofSeconds(1));
    ticker.tick();
    s = inventory.get("pi3").services().get(0);
    assertThat(s.derived().state()).isEqualTo("ok");
    assertThat(s.derived().acked()).isFalse();
    assertThat(saved).hasSize(2);
  }

  @Test
  void theFeedHearsOfNewChangedAndRemovedServicesButNotOfCheckTimes() {
    ticker.seed();
    beat(clock.millis());
    ticker.tick();
    assertThat(fed).singleElement().satisfies(s -> assertThat(s.instance()).isEqualTo("6379"));
    clock.tick(Duration.ofSeconds(1));
    beat(clock.millis());
    ticker.tick();
    assertThat(fed).as("a new check time alone is not news").hasSize(1);
    inventory.put("pi3", new HostInventory("0000000000000002", List.of()));
    ticker.tick();
    assertThat(removedFed).singleElement().satisfies(s -> assertThat(s.host()).isEqualTo("pi3"));
  }
}
