package io.botasky.collector.store;

import io.botasky.common.acklink.AckTokens;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes old samples, old resolved alerts, old log-view lines and hosts gone for good in small
 * batches, so a clean-up never holds locks long enough to stall ingest. Portable: the batch is
 * bounded by id, not by DELETE … LIMIT (H2 lacks it).
 */
public final class Retention implements Runnable {
  private static final Logger log = LoggerFactory.getLogger("retention");
  private static final int BATCH = 5000;

  private final DataSource ds;
  private final Clock clock;
  private final Supplier<Limits> limits;
  private final Consumer<String> forgotten;
  private final BooleanSupplier leads;

  /**
   * The retention keys and the {@code hosts} setting, asked at every run: a reload may change them
   * (docs/operations.md, "Reload").
   */
  public record Limits(Duration samples, Duration alerts, Duration logs, Set<String> keptHosts) {
    public Limits {
      keptHosts = Set.copyOf(keptHosts);
    }
  }

  public Retention(DataSource ds, Clock clock, Duration samples, Duration alerts) {
    this(ds, clock, samples, alerts, Duration.ofDays(7));
  }

  public Retention(DataSource ds, Clock clock, Duration samples, Duration alerts, Duration logs) {
    this(ds, clock, samples, alerts, logs, Set.of(), host -> {});
  }

  /**
   * @param logs {@code retention_logs}: log-view lines received longer ago are deleted
   * @param keptHosts the {@code hosts} setting: these stay in the inventory however long silent
   * @param forgotten told each host whose inventory and host row were deleted (docs/collector.md,
   *     "Service inventory"), to drop it from memory too
   */
  public Retention(
      DataSource ds,
      Clock clock,
      Duration samples,
      Duration alerts,
      Duration logs,
      Set<String> keptHosts,
      Consumer<String> forgotten) {
    this(ds, clock, () -> new Limits(samples, alerts, logs, keptHosts), forgotten);
  }

  /** As above, with the limits asked at every run. */
  public Retention(
      DataSource ds, Clock clock, Supplier<Limits> limits, Consumer<String> forgotten) {
    this(ds, clock, limits, forgotten, () -> true);
  }

  /**
   * As above, run only while {@code leads} (docs/collector.md, "Several collectors": one collector
   * of those sharing the database deletes).
   */
  public Retention(
      DataSource ds,
      Clock clock,
      Supplier<Limits> limits,
      Consumer<String> forgotten,
      BooleanSupplier leads) {
    this.ds = ds;
    this.clock = clock;
    this.limits = limits;
    this.forgotten = forgotten;
    this.leads = leads;
  }

  @Override
  public void run() {
    if (!leads.getAsBoolean()) {
      return;
    }
    try {
      long now = clock.millis();
      Limits lim = limits.get();
      Duration samples = lim.samples();
      Duration alerts = lim.alerts();
      Duration logs = lim.logs();
      long s = purge("samples", "id", "ts < ?", now - samples.toMillis());
      long b = purge("metric_batches", "received_at", "received_at < ?", now - samples.toMillis());
      long cutoff = now - alerts.toMillis();
      long e =
          purge(
              "alert_events",
              "id",
              "received_at < ? AND (alert_id IS NULL OR alert_id IN (SELECT id FROM alerts WHERE"
                  + " resolved_at IS NOT NULL))",
              cutoff);
      long a = purge("alerts", "id", "resolved_at IS NOT NULL AND resolved_at < ?", cutoff);
      // Finished controlled actions go with resolved alerts (docs/collector.md, "Controlled
      // actions"); pending and running ones have no finished_at.
      long act = purge("actions", "id", "finished_at IS NOT NULL AND finished_at < ?", cutoff);
      long logCutoff = now - logs.toMillis();
      long l = purge("log_lines", "id", "received_at < ?", logCutoff);
      long lb = purge("log_batches", "received_at", "received_at < ?", logCutoff);
      // One-click ack links (docs/notifier.md, "One-click ack"): a used token id matters only
      // until its link expires; a retired key only until the last link it signed expires.
      purge("ack_link_uses", "expires_at", "expires_at < ?", now);
      purge(
          "ack_link_keys",
          "id",
          "retired_at IS NOT NULL AND retired_at < ?",
          now - AckTokens.LIFETIME.toMillis() - AckTokens.ROTATION_GRACE.toMillis());
      long h = forgetHosts(cutoff, lim.keptHosts());
      if (h > 0) {
        log.info("retention: forgot {} hosts silent for longer than retention_alerts", h);
      }
      if (s + b + e + a + act + l + lb > 0) {
        log.info(
            "retention: deleted {} samples, {} metric batches, {} alert events, {} resolved alerts,"
                + " {} finished actions, {} log lines",
            s,
            b,
            e,
            a,
            act,
            l);
      }
    } catch (SQLException | RuntimeException ex) {
      log.warn("retention: clean-up failed, will try again: {}", ex.getMessage());
    }
  }

  /**
   * A host not in {@code hosts} and silent for longer than {@code retention_alerts} leaves the
   * inventory: its services rows and its hosts row (docs/collector.md, "Service inventory").
   */
  long forgetHosts(long cutoff, Set<String> keptHosts) throws SQLException {
    List<String> gone = new ArrayList<>();
    try (Connection c = ds.getConnection()) {
      try (PreparedStatement ps =
          c.prepareStatement("SELECT host FROM hosts WHERE last_seen < ?")) {
        ps.setLong(1, cutoff);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            if (!keptHosts.contains(rs.getString(1))) {
              gone.add(rs.getString(1));
            }
          }
        }
      }
      for (String host : gone) {
        InventorySql.deleteHost(c, host);
        forgotten.accept(host);
      }
    }
    return gone.size();
  }

  /**
   * Deletes rows matching {@code where} (one bound cut-off) in batches of {@value #BATCH} ordered
   * by {@code orderColumn}; returns how many.
   */
  long purge(String table, String orderColumn, String where, long cutoff) throws SQLException {
    long total = 0;
    while (true) {
      try (Connection c = ds.getConnection()) {
        long last = 0;
        int n = 0;
        try (PreparedStatement ps =
            c.prepareStatement(
                "SELECT "
                    + orderColumn
                    + " FROM "
                    + table
                    + " WHERE "
                    + where
                    + " ORDER BY "
                    + orderColumn
                    + " LIMIT "
                    + BATCH)) {
          ps.setLong(1, cutoff);
          try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              last = rs.getLong(1);
              n++;
            }
          }
        }
        if (n == 0) {
          return total;
        }
        try (PreparedStatement del =
            c.prepareStatement(
                "DELETE FROM " + table + " WHERE " + orderColumn + " <= ? AND " + where)) {
          del.setLong(1, last);
          del.setLong(2, cutoff);
          total += del.executeUpdate();
        }
        if (n < BATCH) {
          return total;
        }
      }
    }
  }
}
