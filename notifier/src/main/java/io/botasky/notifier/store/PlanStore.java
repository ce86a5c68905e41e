package io.botasky.notifier.store;

import io.botasky.common.db.SqlParams;
import io.botasky.notifier.policy.History;
import io.botasky.notifier.policy.Kind;
import io.botasky.notifier.policy.PlanRecord;
import io.botasky.notifier.policy.Reason;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The notifier's decisions: {@code notify_plan} (what was planned per alert), the ledger rows each
 * plan expands to, and {@code notify_alerts} (what was seen, when to look again). Writes are
 * idempotent across instances through the unique key of {@code notify_plan}.
 */
public final class PlanStore {
  private final String instance;
  private final String scope;
  private final java.util.concurrent.atomic.AtomicLong tokens;

  /**
   * @param firstToken a random start for the write tokens, so a restarted instance that happens to
   *     reuse a name never mistakes its predecessor's plans for its own
   */
  public PlanStore(String instance, String scope, long firstToken) {
    this.instance = instance;
    this.scope = scope;
    this.tokens = new java.util.concurrent.atomic.AtomicLong(firstToken);
  }

  /** Plans and heard-flags of {@code alertIds}. */
  /** This boird's instance name. */
  public String instance() {
    return instance;
  }

  public Map<Long, History> histories(Connection c, Collection<Long> alertIds) throws SQLException {
    Map<Long, List<PlanRecord>> plans = new HashMap<>();
    Set<Long> heard = new HashSet<>();
    Set<Long> seen = new HashSet<>();
    List<Long> ids = new ArrayList<>(alertIds);
    for (int from = 0; from < ids.size(); from += 1000) {
      List<Long> part = ids.subList(from, Math.min(ids.size(), from + 1000));
      try (PreparedStatement ps =
          c.prepareStatement(
              "SELECT alert_id, epoch, kind, step, round, policy, reason, due_at FROM notify_plan"
                  + " WHERE alert_id IN ("
                  + SqlParams.placeholders(part.size())
                  + ")")) {
        SqlParams.bindLongs(ps, 1, part);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            plans.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(record(rs));
          }
        }
      }
      try (PreparedStatement ps =
          c.prepareStatement(
              "SELECT DISTINCT alert_id FROM notifications WHERE alert_id IN ("
                  + SqlParams.placeholders(part.size())
                  + ") AND kind IN ('step', 'repeat') AND status IN ('sent', 'pending')"
                  + " AND channel <> 'action'")) {
        SqlParams.bindLongs(ps, 1, part);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            heard.add(rs.getLong(1));
          }
        }
      }
      try (PreparedStatement ps =
          c.prepareStatement(
              "SELECT alert_id FROM notify_alerts WHERE alert_id IN ("
                  + SqlParams.placeholders(part.size())
                  + ")")) {
        SqlParams.bindLongs(ps, 1, part);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            seen.add(rs.getLong(1));
          }
        }
      }
    }
    Map<Long, History> out = new HashMap<>();
    for (long id : alertIds) {
      out.put(
          id,
          new History(plans.getOrDefault(id, List.of()), heard.contains(id), seen.contains(id)));
    }
    return out;
  }

  /** Every plan of one alert, oldest first (for {@code boird explain}). */
  public List<PlanRecord> plans(Connection c, long alertId) throws SQLException {
    List<PlanRecord> out = new ArrayList<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT alert_id, epoch, kind, step, round, policy, reason, due_at FROM notify_plan"
                + " WHERE alert_id = ? ORDER BY id")) {
      ps.setLong(1, alertId);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(record(rs));
        }
      }
    }
    return out;
  }

  private static PlanRecord record(ResultSet rs) throws SQLException {
    return new PlanRecord(
        rs.getInt("epoch"),
        Kind.parse(rs.getString("kind")),
        rs.getInt("step"),
        rs.getInt("round"),
        rs.getString("policy"),
        Reason.valueOf(rs.getString("reason")),
        Instant.ofEpochMilli(rs.getLong("due_at")));
  }

  /**
   * Everyone who was (or is about to be) told the alert fires: the default audience of its
   * recovery.
   */
  public List<Target> heardTargets(Connection c, long alertId) throws SQLException {
    List<Target> out = new ArrayList<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT DISTINCT channel, target FROM notifications WHERE alert_id = ? AND kind IN"
                + " ('step', 'repeat') AND status IN ('sent', 'pending') ORDER BY channel,"
                + " target")) {
      ps.setLong(1, alertId);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(new Target(rs.getString(1), rs.getString(2)));
        }
      }
    }
    return out;
  }

  /**
   * Writes decisions in the caller's transaction: inserts each plan unless another instance already
   * did, and the ledger rows of the plans this call inserted. Returns how many ledger rows it
   * wrote.
   */
  public int write(Connection c, List<NewNotification> decisions, Instant now) throws SQLException {
    if (decisions.isEmpty()) {
      return 0;
    }
    long nowMs = now.toEpochMilli();
    long token = tokens.incrementAndGet();
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT IGNORE INTO notify_plan (alert_id, epoch, kind, step, round, policy, reason,"
                + " due_at, planned_at, planned_by, token) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?,"
                + " ?, ?)")) {
      for (NewNotification d : decisions) {
        ps.setLong(1, d.alertId());
        ps.setInt(2, d.planned().epoch());
        ps.setString(3, d.planned().kind().wire());
        ps.setInt(4, d.planned().step());
        ps.setInt(5, d.planned().round());
        ps.setString(6, SqlParams.clip(d.policy(), 128));
        ps.setString(7, d.planned().reason().name());
        ps.setLong(8, nowMs);
        ps.setLong(9, nowMs);
        ps.setString(10, instance);
        ps.setLong(11, token);
        ps.addBatch();
      }
      ps.executeBatch();
    }
    // Batched INSERT IGNORE does not say per row whether it inserted (rewritten batches report
    // SUCCESS_NO_INFO), so read back the rows this instance planned in this transaction.
    Set<Long> alertIds = new HashSet<>();
    decisions.forEach(d -> alertIds.add(d.alertId()));
    Map<String, Long> mine = new HashMap<>();
    List<Long> ids = new ArrayList<>(alertIds);
    for (int from = 0; from < ids.size(); from += 1000) {
      List<Long> part = ids.subList(from, Math.min(ids.size(), from + 1000));
      try (PreparedStatement ps =
          c.prepareStatement(
              "SELECT id, alert_id, epoch, kind, step, round FROM notify_plan WHERE planned_by = ?"
                  + " AND token = ? AND alert_id IN ("
                  + SqlParams.placeholders(part.size())
                  + ")")) {
        ps.setString(1, instance);
        ps.setLong(2, token);
        SqlParams.bindLongs(ps, 3, part);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            mine.put(
                key(rs.getLong(2), rs.getInt(3), rs.getString(4), rs.getInt(5), rs.getInt(6)),
                rs.getLong(1));
          }
        }
      }
    }
    int rows = 0;
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO notifications (alert_id, step, channel, target, status, attempts,"
                + " created_at, due_at, plan_id, kind, scope, group_wait_ms) VALUES (?, ?, ?, ?,"
                + " 'pending', 0, ?, ?, ?, ?, ?, ?)")) {
      for (NewNotification d : decisions) {
        Long planId =
            mine.get(
                key(
                    d.alertId(),
                    d.planned().epoch(),
                    d.planned().kind().wire(),
                    d.planned().step(),
                    d.planned().round()));
        if (planId == null) {
          continue;
        }
        for (Target t : d.targets()) {
          ps.setLong(1, d.alertId());
          ps.setInt(2, d.planned().step());
          ps.setString(3, t.channel());
          ps.setString(4, SqlParams.clip(t.target(), 255));
          ps.setLong(5, nowMs);
          ps.setLong(6, nowMs);
          ps.setLong(7, planId);
          ps.setString(8, d.planned().kind().wire());
          ps.setString(9, scope);
          ps.setLong(10, d.groupWaitMs());
          ps.addBatch();
          rows++;
        }
      }
      if (rows > 0) {
        ps.executeBatch();
      }
    }
    return rows;
  }

  private static String key(long alertId, int epoch, String kind, int step, int round) {
    return alertId + "/" + epoch + "/" + kind + "/" + step + "/" + round;
  }

  /** Cancels the firing notifications of an acked alert that have not gone out yet. */
  public void cancelPending(Connection c, Map<Long, String> why, Instant now) throws SQLException {
    if (why.isEmpty()) {
      return;
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE notifications SET status = 'failed', last_error = ?"
                + " WHERE alert_id = ? AND status = 'pending' AND kind IN ('step', 'repeat')")) {
      for (Map.Entry<Long, String> e : why.entrySet()) {
        ps.setString(1, SqlParams.clip(e.getValue(), 1024));
        ps.setLong(2, e.getKey());
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  /**
   * Records what was seen of each alert and when to look again (null = when it changes).
   *
   * @param sigs {@code state/severity} of each alert as seen
   */
  public void seen(Connection c, Map<Long, long[]> seen, Map<Long, String> sigs)
      throws SQLException {
    if (seen.isEmpty()) {
      return;
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO notify_alerts (alert_id, seen_updated, seen_sig, next_check_at) VALUES (?,"
                + " ?, ?, ?) ON DUPLICATE KEY UPDATE seen_updated = VALUES(seen_updated), seen_sig"
                + " = VALUES(seen_sig), next_check_at = VALUES(next_check_at)")) {
      for (Map.Entry<Long, long[]> e : new java.util.TreeMap<>(seen).entrySet()) {
        ps.setLong(1, e.getKey());
        ps.setLong(2, e.getValue()[0]);
        ps.setString(3, sigs.get(e.getKey()));
        SqlParams.setLong(ps, 4, e.getValue()[1] < 0 ? null : e.getValue()[1]);
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  /**
   * Makes every open alert due for a decision now: a reloaded escalation file may add or change
   * steps for alerts already notified (docs/operations.md, "Reload"). Deciding again is safe: what
   * a decision already planned is in the alert's history. Returns how many alerts.
   */
  public int recheckOpen(Connection c, long now) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE notify_alerts SET next_check_at = ? WHERE alert_id IN (SELECT id FROM alerts"
                + " WHERE state <> 'resolved')")) {
      ps.setLong(1, now);
      return ps.executeUpdate();
    }
  }

  /**
   * Forgets the plans and progress of alerts the collector's retention deleted. Returns how many
   * rows went. The ledger stays: it is the history of what was sent.
   */
  public int forgetDeleted(Connection c) throws SQLException {
    int n = 0;
    for (String table : List.of("notify_alerts", "notify_plan")) {
      try (PreparedStatement ps =
          c.prepareStatement(
              "DELETE FROM "
                  + table
                  + " WHERE NOT EXISTS (SELECT 1 FROM alerts a WHERE a.id = "
                  + table
                  + ".alert_id)")) {
        n += ps.executeUpdate();
      }
    }
    return n;
  }
}
