package io.botasky.collector;

import io.botasky.collector.ingest.AlertPartition;
import io.botasky.collector.ingest.DatabaseHealth;
import io.botasky.collector.ingest.HostCheckTicker;
import io.botasky.collector.ingest.HostState;
import io.botasky.collector.ingest.Ingest;
import io.botasky.collector.ingest.SamplePartition;
import io.botasky.collector.ingest.WatchLease;
import io.botasky.collector.inventory.Inventory;
import io.botasky.collector.inventory.OpenAlerts;
import io.botasky.collector.store.AckLinkStore;
import io.botasky.collector.store.AlertSql;
import io.botasky.collector.store.HostSql;
import io.botasky.collector.store.InventorySql;
import io.botasky.collector.store.Retention;
import io.botasky.common.alert.AlertRow;
import io.botasky.common.conf.PihealthdSettings;
import io.botasky.common.db.Migrations;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The database side of pihealthd's start, on its own thread: migrates and loads state, retrying
 * with backoff until the database answers (a database down at start is waited for, never a reason
 * to exit); then starts the writers, the host check ticker, the database monitor and retention.
 */
final class DatabaseBootstrap implements Runnable {
  private static final Logger log = LoggerFactory.getLogger("pihealthd");

  private final PihealthdSettings conf;
  private final DataSource ds;
  private final DatabaseHealth health;
  private final Clock clock;
  private final Ingest ingest;
  private final WatchLease lease;
  private final List<SamplePartition> samplePartitions;
  private final ScheduledExecutorService scheduler;
  private final BooleanSupplier stopped;
  private final InventoryStart inventory;
  private final Supplier<Retention.Limits> retention;
  private final Runnable ackExpiry;

  /**
   * The service inventory's part of the start: loaded with the rest of the state, its ticker
   * started with the writers.
   */
  record InventoryStart(Inventory inventory, OpenAlerts openAlerts, Runnable startTicker) {}

  DatabaseBootstrap(
      PihealthdSettings conf,
      DataSource ds,
      DatabaseHealth health,
      Clock clock,
      Ingest ingest,
      WatchLease lease,
      List<SamplePartition> samplePartitions,
      ScheduledExecutorService scheduler,
      BooleanSupplier stopped,
      InventoryStart inventory,
      Supplier<Retention.Limits> retention,
      Runnable ackExpiry) {
    this.retention = retention;
    this.ackExpiry = ackExpiry;
    this.conf = conf;
    this.ds = ds;
    this.health = health;
    this.clock = clock;
    this.ingest = ingest;
    this.lease = lease;
    this.samplePartitions = samplePartitions;
    this.scheduler = scheduler;
    this.stopped = stopped;
    this.inventory = inventory;
  }

  /** Migrates and loads state, retrying until the database answers; then starts the writers. */
  @Override
  public void run() {
    long wait = 1000;
    String lastProblem = null;
    while (!stopped.getAsBoolean()) {
      try {
        int applied = Migrations.migrate(ds, conf.db().dialect());
        loadState();
        // The first key of one-click ack links (docs/notifier.md, "One-click ack"); never logged.
        if (new AckLinkStore(ds, clock, new SecureRandom()).ensureKey()) {
          log.info("start: created the key that signs one-click ack links");
        }
        ingest.alertPartitions().forEach(AlertPartition::start);
        samplePartitions.forEach(SamplePartition::start);
        health.markUp();
        log.info(
            "ready: database {} reachable, schema up to date ({} migrations applied)",
            conf.db().describe(),
            applied);
        // The lease first, so the first host check already knows whether it leads.
        lease.run();
        scheduler.scheduleWithFixedDelay(lease, 1, 1, TimeUnit.SECONDS);
        HostCheckTicker ticker =
            new HostCheckTicker(
                ingest,
                clock,
                conf.master(),
                lease,
                this::openSplits,
                () -> UUID.randomUUID().toString());
        scheduler.scheduleWithFixedDelay(ticker, 1, 1, TimeUnit.SECONDS);
        // A leader-only duty like the host check (docs/notifier.md, "Ack expiry").
        scheduler.scheduleWithFixedDelay(ackExpiry, 1, 1, TimeUnit.SECONDS);
        inventory.startTicker().run();
        scheduler.scheduleWithFixedDelay(
            new DatabaseMonitor(ds, health, conf.db().describe()), 2, 2, TimeUnit.SECONDS);
        scheduler.scheduleWithFixedDelay(
            new Retention(ds, clock, retention, inventory.inventory()::remove, lease::leads),
            1,
            10,
            TimeUnit.MINUTES);
        return;
      } catch (Exception e) {
        String problem = rootMessage(e);
        health.markDown(problem);
        if (!problem.equals(lastProblem)) {
          log.error(
              "start: database {} not usable yet, retrying: {}", conf.db().describe(), problem);
          lastProblem = problem;
        }
        try {
          Thread.sleep(wait);
        } catch (InterruptedException ie) {
          return;
        }
        wait = Math.min(wait * 2, 10_000);
      }
    }
  }

  /** Hosts known from the database and the config, and which are down. */
  private void loadState() throws SQLException {
    try (Connection c = ds.getConnection()) {
      Set<String> down = new HashSet<>();
      for (AlertRow r : AlertSql.open(c, "host", "host_down")) {
        down.add(r.host());
      }
      for (HostSql.HostRow h : HostSql.all(c)) {
        ingest
            .partitionOf(h.host())
            .seed(h.host(), new HostState(h.lastSeen(), down.contains(h.host()), Set.of()));
      }
      // The hosts setting of the latest reload (docs/operations.md, "Reload").
      for (String h : retention.get().keptHosts()) {
        ingest.partitionOf(h).seed(h, new HostState(0, down.contains(h), Set.of()));
      }
      inventory.inventory().load(InventorySql.loadAll(c));
    }
    inventory.openAlerts().load();
  }

  /** The open split_brain alerts, VIP to host, read by a collector when it starts to lead. */
  private Map<String, String> openSplits() throws SQLException {
    Map<String, String> out = new TreeMap<>();
    try (Connection c = ds.getConnection()) {
      for (AlertRow r : AlertSql.open(c, "keepalived", "split_brain")) {
        out.put(r.instance(), r.host());
      }
    }
    return out;
  }

  static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getMessage() == null ? t.toString() : t.getMessage();
  }
}
