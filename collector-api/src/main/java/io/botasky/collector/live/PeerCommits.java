package io.botasky.collector.live;

import io.botasky.collector.ingest.AlertListener;
import io.botasky.collector.ingest.HeartbeatListener;
import io.botasky.collector.inventory.Inventory;
import io.botasky.collector.store.ActionStore;
import io.botasky.collector.store.ActionStore.ActionRow;
import io.botasky.collector.store.AlertQueries;
import io.botasky.collector.store.HostInventory;
import io.botasky.collector.store.HostSql;
import io.botasky.collector.store.InventorySql;
import io.botasky.collector.store.LedgerQueries;
import io.botasky.collector.store.LogStore;
import io.botasky.common.lifecycle.NamedThreadFactory;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the other collectors sharing this database committed (docs/collector.md, "Several
 * collectors"): once a second, and at once when {@link #wake} is rung (a Redis message), reads the
 * alerts, hosts, log-view lines and actions changed since each table's {@link PeerWindow} and hands
 * them to the same listeners a local commit tells — the live stream, the open alerts, the service
 * inventory, the agents' long polls. A collector's own commits come back too: the feed sends a view
 * it already sent once only, and a heartbeat this collector received itself is not told again.
 */
public final class PeerCommits implements Runnable, HeartbeatListener, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger("peers");

  /**
   * How far before the newest time seen each read starts again: a row's time is stamped before its
   * commit, by its collector's clock (kept by NTP), and a busy writer's commit may take a few
   * seconds.
   */
  static final long OVERLAP_MS = 5_000;

  /** A collector whose daemon_heartbeats row is older than this is gone. */
  static final long ALIVE_MS = 30_000;

  /** Most rows one read takes from one table; the rest come with the next read. */
  static final int LIMIT = 2_000;

  /** Where the news goes: the listeners a local commit tells. */
  public record Targets(
      AlertListener alerts,
      HeartbeatListener beats,
      Consumer<List<LogStore.Stored>> logs,
      Consumer<ActionRow> actions) {}

  private final DataSource ds;
  private final AlertQueries alertQueries;
  private final LogStore logStore;
  private final ActionStore actionStore;
  private final Inventory inventory;
  private final Targets targets;
  private final LedgerQueries daemons;
  private final BooleanSupplier ready;
  private final Clock clock;
  private final ScheduledExecutorService executor =
      Executors.newSingleThreadScheduledExecutor(new NamedThreadFactory("pihealthd-peers", true));
  private final AtomicBoolean queued = new AtomicBoolean();
  // Local heartbeats: when this collector last told the feed of each host itself.
  private final Map<String, Long> ownBeats = new ConcurrentHashMap<>();
  private PeerWindow alerts;
  private PeerWindow hosts;
  private PeerWindow logs;
  private PeerWindow actions;
  private boolean failing;

  /**
   * @param ready whether the database is up (a poll is skipped otherwise)
   */
  public PeerCommits(
      DataSource ds, Inventory inventory, Targets targets, BooleanSupplier ready, Clock clock) {
    this.ds = ds;
    this.alertQueries = new AlertQueries(ds);
    this.logStore = new LogStore(ds);
    this.actionStore = new ActionStore(ds);
    this.inventory = inventory;
    this.targets = targets;
    this.ready = ready;
    this.daemons = new LedgerQueries(ds);
    this.clock = clock;
    restart(clock.millis());
  }

  /** Polls once a second from now on. */
  public void start() {
    executor.scheduleWithFixedDelay(this::run, 1, 1, TimeUnit.SECONDS);
  }

  /** Polls at once (a Redis message: another collector committed); at most one poll waits. */
  public void wake() {
    if (queued.compareAndSet(false, true)) {
      executor.execute(
          () -> {
            queued.set(false);
            run();
          });
    }
  }

  /** Local heartbeats (registered beside the feed): these hosts need no peer heartbeat event. */
  @Override
  public void beat(Set<String> hostNames) {
    long now = clock.millis();
    for (String h : hostNames) {
      ownBeats.put(h, now);
    }
  }

  @Override
  public void run() {
    try {
      if (!ready.getAsBoolean()) {
        return;
      }
      long now = clock.millis();
      if (!othersAlive(daemons.collectorsAlive(now - ALIVE_MS))) {
        // Alone: nothing to learn. When another collector appears, the first read goes back one
        // overlap, for what it committed before its row was written.
        restart(now - OVERLAP_MS);
        return;
      }
      poll();
      if (failing) {
        log.info("peers: reading the other collectors' commits again");
        failing = false;
      }
    } catch (SQLException | RuntimeException e) {
      if (!failing) {
        log.warn("peers: cannot read the other collectors' commits yet: {}", e.toString());
        failing = true;
      }
    }
  }

  /**
   * Whether another collector may be committing, from the collectors alive in daemon_heartbeats:
   * none listed means the collectors do not register there (yet), so the poll runs; one is this
   * collector alone.
   */
  static boolean othersAlive(int collectorsAlive) {
    return collectorsAlive != 1;
  }

  private void restart(long now) {
    alerts = new PeerWindow(now, OVERLAP_MS);
    hosts = new PeerWindow(now, OVERLAP_MS);
    logs = new PeerWindow(now, OVERLAP_MS);
    actions = new PeerWindow(now, OVERLAP_MS);
  }

  /** One read of each table; package-private for tests. */
  void poll() throws SQLException {
    List<AlertQueries.Updated> a = alertQueries.updatedSince(alerts.since(), LIMIT);
    Set<Long> ids = new LinkedHashSet<>();
    for (AlertQueries.Updated u :
        alerts.admit(
            a, u -> u.id() + "@" + u.updatedAt(), AlertQueries.Updated::updatedAt, full(a))) {
      ids.add(u.id());
    }
    if (!ids.isEmpty()) {
      targets.alerts().changed(ids);
    }

    List<HostSql.Beat> h;
    try (Connection c = ds.getConnection()) {
      h = HostSql.seenSince(c, hosts.since(), LIMIT);
    }
    Set<String> beats = new TreeSet<>();
    for (HostSql.Beat s :
        hosts.admit(h, s -> s.host() + "@" + s.lastSeen(), HostSql.Beat::lastSeen, full(h))) {
      Long own = ownBeats.get(s.host());
      if (own != null && own >= s.lastSeen()) {
        // This collector's own heartbeat: the feed and the inventory know it already.
        continue;
      }
      beats.add(s.host());
      if (s.servicesHash() != null
          && !Objects.equals(s.servicesHash(), inventory.get(s.host()).hash())) {
        reload(s.host());
      } else if (s.servicesHash() != null && s.checks() != null) {
        // A short form another collector applied: the latest checks, so the services do not go
        // stale here (docs/collector.md, "Service states").
        inventory.update(
            s.host(),
            cur ->
                s.servicesHash().equals(cur.hash())
                    ? InventorySql.withChecks(cur, s.checks())
                    : cur);
      }
    }
    if (!beats.isEmpty()) {
      targets.beats().beat(beats);
    }

    List<LogStore.Received> l = logStore.receivedSince(logs.since(), LIMIT);
    List<LogStore.Stored> lines =
        logs
            .admit(l, r -> String.valueOf(r.stored().id()), LogStore.Received::receivedAt, full(l))
            .stream()
            .map(LogStore.Received::stored)
            .toList();
    if (!lines.isEmpty()) {
      targets.logs().accept(lines);
    }

    List<ActionRow> ac = actionStore.changedSince(actions.since(), LIMIT);
    for (ActionRow r :
        actions.admit(ac, r -> r.id() + "@" + r.state(), PeerCommits::changedAt, full(ac))) {
      targets.actions().accept(r);
    }
  }

  /**
   * A host's inventory as another collector committed it: the base its next short-form heartbeat is
   * checked against here, and what /api/v1/services shows.
   */
  private void reload(String host) throws SQLException {
    HostInventory now;
    try (Connection c = ds.getConnection()) {
      now = InventorySql.loadHost(c, host);
    }
    if (now.hash() != null) {
      inventory.put(host, now);
    }
  }

  private static long changedAt(ActionRow r) {
    long t = r.requestedAt();
    if (r.startedAt() != null) {
      t = Math.max(t, r.startedAt());
    }
    if (r.finishedAt() != null) {
      t = Math.max(t, r.finishedAt());
    }
    return t;
  }

  private static boolean full(List<?> read) {
    return read.size() >= LIMIT;
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
