package io.botasky.collector.inventory;

import io.botasky.collector.store.Service;
import io.botasky.common.wire.AlertView;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Once a second on its own thread (docs/collector.md, "Service states"): reads the alerts changed
 * since the last tick, derives every service's state with {@link ServiceStateDecider}, persists the
 * states that changed (with their new {@code since}) in one batch, and hands the live feed every
 * service that is new or whose view changed apart from its check time ({@code service} events), and
 * every service that is gone ({@code service_removed}).
 */
public final class InventoryTicker implements Runnable {
  private static final Logger log = LoggerFactory.getLogger("inventory");

  /** Where the live feed learns what the page shows changed. */
  public interface Feed {
    void services(List<Service> changed, List<Service> removed);
  }

  /** Where changed states are persisted (the services table, in one batch). */
  @FunctionalInterface
  public interface StateStore {
    void save(List<Service> changed) throws SQLException;
  }

  private final Inventory inventory;
  private final OpenAlerts alerts;
  private final Supplier<? extends Map<String, ? extends HostLiveness>> hosts;
  private volatile long hostTimeoutMs;
  private final long startedAt;
  private final Clock clock;
  private final StateStore store;
  private final Feed feed;
  private final BooleanSupplier leads;
  // What the feed was last told of each service, by host/resource/instance: only the ticking
  // thread reads and writes it once ticks run. Seeded with the inventory loaded at start.
  private Map<String, Service> shown = Map.of();

  public InventoryTicker(
      Inventory inventory,
      OpenAlerts alerts,
      Supplier<? extends Map<String, ? extends HostLiveness>> hosts,
      long hostTimeoutMs,
      long startedAt,
      Clock clock,
      StateStore store,
      Feed feed,
      BooleanSupplier leads) {
    this.inventory = inventory;
    this.alerts = alerts;
    this.hosts = hosts;
    this.hostTimeoutMs = hostTimeoutMs;
    this.startedAt = startedAt;
    this.clock = clock;
    this.store = store;
    this.feed = feed;
    this.leads = leads;
  }

  /** {@code host_timeout} after a reload (docs/operations.md, "Reload"). */
  public void hostTimeout(long hostTimeoutMs) {
    this.hostTimeoutMs = hostTimeoutMs;
  }

  @Override
  public void run() {
    try {
      tick();
    } catch (RuntimeException e) {
      // A scheduled task that throws is never run again: log and keep the ticker alive.
      log.error("inventory: tick failed, will try again", e);
    }
  }

  /** One derivation of every service; returns the services whose view changed. */
  public List<Service> tick() {
    try {
      alerts.refresh();
    } catch (SQLException e) {
      log.warn("inventory: cannot read changed alerts yet: {}", e.getMessage());
    }
    long now = clock.millis();
    Map<String, ? extends HostLiveness> known = hosts.get();
    List<Service> changed =
        inventory.rederive(
            s -> {
              HostLiveness h = known.get(s.host());
              List<AlertView> open = alerts.of(s.host());
              ServiceStateDecider.Decision d =
                  ServiceStateDecider.decide(
                      new ServiceStateDecider.Facts(
                          s,
                          h != null && h.down(),
                          h == null ? 0 : h.lastSeen(),
                          hostTimeoutMs,
                          startedAt,
                          open,
                          now));
              long since = d.state().equals(s.derived().state()) ? s.derived().since() : now;
              return new Service.Derived(d.state(), since, d.acked(), d.summary());
            });
    // Only the leader writes states (docs/collector.md, "Several collectors"): every collector
    // derives the same from the shared alerts and heartbeats, and one writer is enough.
    if (!changed.isEmpty() && leads.getAsBoolean()) {
      List<Service> moved = changed.stream().filter(s -> s.derived().since() == now).toList();
      try {
        store.save(moved);
      } catch (SQLException | RuntimeException e) {
        // The state stays in memory; its since is written with its next change.
        log.warn("inventory: cannot store {} service states yet: {}", moved.size(), e.getMessage());
      }
    }
    tellFeed();
    return changed;
  }

  /**
   * Notes the inventory as loaded at start as what the feed has told: a page loads the list, and
   * only what changes after is news. Called once, before the first tick.
   */
  public void seed() {
    shown = snapshot();
  }

  private Map<String, Service> snapshot() {
    Map<String, Service> now = new HashMap<>();
    for (Service s : inventory.all()) {
      now.put(s.host() + "/" + s.resource() + "/" + s.instance(), s);
    }
    return now;
  }

  /**
   * Compares every service with what the feed was last told: new ones and changed views (a state, a
   * summary, a group, an action list; not the time of the check, which moves with every beat) go
   * out as changed, vanished ones as removed.
   */
  private void tellFeed() {
    Map<String, Service> now = snapshot();
    List<Service> changed = new ArrayList<>();
    now.forEach(
        (k, s) -> {
          Service before = shown.get(k);
          if (before == null
              || !before.derived().equals(s.derived())
              || !before.entry().sameAsideFromCheck(s.entry())) {
            changed.add(s);
          }
        });
    List<Service> removed = new ArrayList<>();
    shown.forEach(
        (k, s) -> {
          if (!now.containsKey(k)) {
            removed.add(s);
          }
        });
    shown = now;
    if (!changed.isEmpty() || !removed.isEmpty()) {
      feed.services(changed, removed);
    }
  }
}
