package io.botasky.collector.ingest;

import io.botasky.collector.store.LeaseSql;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This collector's side of the watch lease (docs/collector.md, "Several collectors"): once a second
 * it renews the lease it holds or takes over one that ran out, and writes its own row of {@code
 * daemon_heartbeats} with its role. The watch duties (host_down, split_brain, retention, ack
 * expiry) run only while {@link #leads()}; their writes carry the {@link Fence} and are refused by
 * the database row once another collector took over.
 */
public final class WatchLease implements Runnable {
  public static final String NAME = "watch";
  private static final Logger log = LoggerFactory.getLogger("watch");

  /** The lease a watch write was decided under: checked again in the write's transaction. */
  public record Fence(String holder, long term) {}

  private final DataSource ds;
  private final Clock clock;
  private final String me;
  private final String version;
  private final long startedAt;
  private volatile long ttlMs;
  private volatile long term;
  private volatile long leadsUntil;
  private volatile String leader = "";
  private volatile boolean failing;
  private volatile boolean stopped;

  /**
   * @param me this collector's name, unique among the collectors of the database
   * @param hostTimeout the lease lasts a third of it (3 to 10 s), so a standby takes over well
   *     within {@code host_timeout} of the leader's death
   */
  public WatchLease(
      DataSource ds, Clock clock, String me, String version, long startedAt, Duration hostTimeout) {
    this.ds = ds;
    this.clock = clock;
    this.me = me;
    this.version = version;
    this.startedAt = startedAt;
    hostTimeout(hostTimeout);
  }

  /** The lease's length for a {@code host_timeout} (also after a reload). */
  public void hostTimeout(Duration hostTimeout) {
    this.ttlMs = Math.max(3000, Math.min(10_000, hostTimeout.toMillis() / 3));
  }

  public String name() {
    return me;
  }

  /**
   * True while this collector holds the lease: until a second before it would run out by its own
   * clock, so a leader that cannot renew (its database gone) stops before a standby may start.
   */
  public boolean leads() {
    return term > 0 && clock.millis() < leadsUntil;
  }

  /** The fence of the current term, null when this collector does not lead. */
  public Fence fence() {
    long t = term;
    return leads() ? new Fence(me, t) : null;
  }

  /** {@code leader} or {@code standby}, as {@code botasky status} shows it. */
  public String role() {
    return leads() ? "leader" : "standby";
  }

  /** The holder as last read ("" before the first tick). */
  public String leader() {
    return leads() ? me : leader;
  }

  public long term() {
    return term;
  }

  @Override
  public void run() {
    if (stopped) {
      return;
    }
    long now = clock.millis();
    try (Connection c = ds.getConnection()) {
      boolean auto = c.getAutoCommit();
      c.setAutoCommit(false);
      try {
        LeaseDecider.Decision d =
            LeaseDecider.decide(LeaseSql.lock(c, NAME), me, leads() ? term : 0, now);
        switch (d.outcome()) {
          case CREATE -> LeaseSql.create(c, NAME, me, now + ttlMs, now);
          case RENEW, TAKE_OVER -> LeaseSql.write(c, NAME, me, d.term(), now + ttlMs, now);
          case FOLLOW -> {}
        }
        LeaseSql.beat(c, me, d.leads() ? "leader" : "standby", version, startedAt, now);
        c.commit();
        changed(d, now);
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      } finally {
        c.setAutoCommit(auto);
      }
      if (failing) {
        failing = false;
        log.info("watch: lease reachable again");
      }
    } catch (SQLException | RuntimeException e) {
      // A database that does not answer ends the lead at leadsUntil; a standby then takes over.
      if (!failing) {
        failing = true;
        log.warn("watch: cannot renew the lease, will try again: {}", e.getMessage());
      }
    }
  }

  private void changed(LeaseDecider.Decision d, long now) {
    boolean was = leads();
    String before = leader;
    if (d.leads()) {
      term = d.term();
      leadsUntil = now + ttlMs - 1000;
      leader = me;
      if (!was || d.outcome() != LeaseDecider.Outcome.RENEW) {
        log.info("watch: leader now, term {} ({})", d.term(), d.reason());
      }
    } else {
      term = 0;
      leader = d.holder();
      if (was || !d.holder().equals(before)) {
        log.info("watch: standby, {} leads at term {}", d.holder(), d.term());
      }
    }
  }

  /** At a clean stop: the lease is given up, so a standby leads within a second. */
  public void release() {
    stopped = true;
    long t = term;
    if (t == 0) {
      return;
    }
    term = 0;
    try (Connection c = ds.getConnection()) {
      boolean auto = c.getAutoCommit();
      c.setAutoCommit(true);
      LeaseSql.release(c, NAME, me, t);
      c.setAutoCommit(auto);
      log.info("watch: lease given up at stop (term {})", t);
    } catch (SQLException e) {
      log.warn("watch: cannot give the lease up, it runs out by itself: {}", e.getMessage());
    }
  }
}
