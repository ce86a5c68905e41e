package io.botasky.collector.ingest;

import io.botasky.collector.store.AlertQueries;
import io.botasky.collector.store.LeaseSql;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A watch duty, once a second on the holder of the watch lease only (docs/notifier.md, "Ack
 * expiry"; docs/collector.md, "Several collectors"): acked alerts whose ack ran out are firing
 * again. The change is written in one transaction that first checks the lease still names this
 * collector and term (the fence), so it happens once however many collectors share the database;
 * then the listeners hear of it like of an ack (the notifier's wake-up, the page's live stream).
 */
public final class AckExpiryTicker implements Runnable {
  private static final Logger log = LoggerFactory.getLogger("watch");
  // Per transaction: a backlog (say after the whole cluster was down) drains over a few ticks.
  private static final int BATCH = 500;

  private final DataSource ds;
  private final Clock clock;
  private final WatchLease lease;
  private final AlertListener listener;

  public AckExpiryTicker(DataSource ds, Clock clock, WatchLease lease, AlertListener listener) {
    this.ds = ds;
    this.clock = clock;
    this.lease = lease;
    this.listener = listener;
  }

  @Override
  public void run() {
    try {
      WatchLease.Fence fence = lease.fence();
      if (fence != null) {
        expire(fence);
      }
    } catch (SQLException | RuntimeException e) {
      // A scheduled task that throws is never run again: log and keep the duty alive.
      log.warn("watch: ack expiry failed, will try again: {}", e.toString());
    }
  }

  /** One pass under {@code fence}; returns the ids made firing again. */
  List<Long> expire(WatchLease.Fence fence) throws SQLException {
    long now = clock.millis();
    List<Long> ids;
    try (Connection c = ds.getConnection()) {
      boolean auto = c.getAutoCommit();
      c.setAutoCommit(false);
      try {
        if (!LeaseSql.holds(c, WatchLease.NAME, fence.holder(), fence.term())) {
          c.rollback();
          return List.of();
        }
        ids = AlertQueries.expireAcks(c, now, BATCH);
        c.commit();
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      } finally {
        c.setAutoCommit(auto);
      }
    }
    if (!ids.isEmpty()) {
      log.info("watch: ack expired, firing again: alerts {}", ids);
      listener.changed(Set.copyOf(ids));
    }
    return ids;
  }
}
