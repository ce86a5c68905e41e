package io.botasky.notifier.store;

import io.botasky.common.db.SqlParams;
import io.botasky.common.ledger.LedgerEntries;
import io.botasky.common.ledger.LedgerEntry;
import io.botasky.notifier.policy.Explainer;
import io.botasky.notifier.policy.Kind;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The delivery side of {@code notifications}: which recipients have due rows, the rows of one
 * recipient, and the outcome of each attempt. One row per notification and recipient; {@code
 * attempts} counts the tries, {@code last_error} keeps the latest failure.
 */
public final class Ledger {
  private final String scope;

  public Ledger(String scope) {
    this.scope = scope;
  }

  private static final int IN_CHUNK = 1000;

  /** Recipients with due rows of this scope that nobody holds and group_wait does not pace. */
  public List<Target> candidates(Connection c, Instant now, int limit) throws SQLException {
    long t = now.toEpochMilli();
    List<Target> out = new ArrayList<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT n.channel, n.target, MIN(n.due_at) AS d FROM notifications n LEFT JOIN"
                + " notify_targets t ON t.channel = n.channel AND t.target = n.target WHERE"
                + " n.status = 'pending' AND n.due_at <= ? AND (n.scope = ? OR n.scope IS NULL) AND"
                + " (t.channel IS NULL OR ((t.claim_until IS NULL OR t.claim_until < ?) AND"
                + " (t.next_send_at IS NULL OR t.next_send_at <= ?))) GROUP BY n.channel, n.target"
                + " ORDER BY d LIMIT ?")) {
      ps.setLong(1, t);
      ps.setString(2, scope);
      ps.setLong(3, t);
      ps.setLong(4, t);
      ps.setInt(5, limit);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(new Target(rs.getString(1), rs.getString(2)));
        }
      }
    }
    return out;
  }

  /**
   * When a row of this scope may next become deliverable, if later than {@code now}; null when
   * nothing waits. The earliest of: a pending row's due time, and the end of the group_wait or
   * claim of a recipient that has pending rows. It may be early (a row due before its recipient's
   * group_wait ends): the caller then finds nothing and asks again. Two probes on indexes rather
   * than a grouping of every pending row, which in a storm was a sixth of the database's time
   * (docs/notifier.md, "Benchmark").
   */
  public Instant nextDue(Connection c, Instant now) throws SQLException {
    long t = now.toEpochMilli();
    long best = Long.MAX_VALUE;
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT MIN(due_at) FROM notifications WHERE status = 'pending' AND due_at > ? AND"
                + " (scope = ? OR scope IS NULL)")) {
      ps.setLong(1, t);
      ps.setString(2, scope);
      try (ResultSet rs = ps.executeQuery()) {
        if (rs.next() && rs.getObject(1) != null) {
          best = rs.getLong(1);
        }
      }
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT t.next_send_at, t.claim_until FROM notify_targets t WHERE (t.next_send_at > ?"
                + " OR t.claim_until >= ?) AND EXISTS (SELECT 1 FROM notifications n WHERE"
                + " n.channel = t.channel AND n.target = t.target AND n.status = 'pending' AND"
                + " (n.scope = ? OR n.scope IS NULL))")) {
      ps.setLong(1, t);
      ps.setLong(2, t);
      ps.setString(3, scope);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          long at = Math.max(rs.getLong(1), rs.getLong(2) + 1);
          if (at > t) {
            best = Math.min(best, at);
          }
        }
      }
    }
    return best == Long.MAX_VALUE ? null : Instant.ofEpochMilli(best);
  }

  /** The due rows of one recipient, oldest first. */
  public List<LedgerRow> pending(Connection c, Target target, Instant now, int limit)
      throws SQLException {
    List<LedgerRow> out = new ArrayList<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT "
                + LedgerEntries.columns("n")
                + ", n.kind, n.group_wait_ms, n.plan_id, n.scope, p.epoch, p.round"
                + " FROM notifications n LEFT JOIN notify_plan p ON p.id = n.plan_id"
                + " WHERE n.channel = ? AND n.target = ? AND n.status = 'pending' AND n.due_at <= ?"
                + " AND (n.scope = ? OR n.scope IS NULL) ORDER BY n.id LIMIT ?")) {
      ps.setString(1, target.channel());
      ps.setString(2, target.target());
      ps.setLong(3, now.toEpochMilli());
      ps.setString(4, scope);
      ps.setInt(5, limit);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          LedgerEntry e = LedgerEntries.read(rs);
          long plan = rs.getLong("plan_id");
          Long planId = rs.wasNull() ? null : plan;
          out.add(
              new LedgerRow(
                  e.id(),
                  e.alertId(),
                  e.step(),
                  Kind.parse(rs.getString("kind")),
                  rs.getInt("epoch"),
                  rs.getInt("round"),
                  e.channel(),
                  e.target(),
                  e.attempts(),
                  Instant.ofEpochMilli(e.createdAt()),
                  rs.getLong("group_wait_ms"),
                  planId,
                  rs.getString("scope")));
        }
      }
    }
    return out;
  }

  /**
   * One statement per thousand rows rather than one per row: a message of a storm carries up to
   * 10,000 (docs/notifier.md, "Benchmark": per-row updates were a third of the database's time).
   */
  public void markSent(Connection c, List<LedgerRow> rows, Instant now) throws SQLException {
    inChunks(
        rows,
        part -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "UPDATE notifications SET status = 'sent', attempts = attempts + 1, sent_at = ?"
                      + " WHERE id IN ("
                      + SqlParams.placeholders(part.size())
                      + ") AND status = 'pending'")) {
            ps.setLong(1, now.toEpochMilli());
            SqlParams.bindLongs(ps, 2, part);
            ps.executeUpdate();
          }
        });
  }

  private interface ChunkUpdate {
    void run(List<Long> ids) throws SQLException;
  }

  private static void inChunks(List<LedgerRow> rows, ChunkUpdate update) throws SQLException {
    List<Long> ids = rows.stream().map(LedgerRow::id).toList();
    for (int from = 0; from < ids.size(); from += IN_CHUNK) {
      update.run(ids.subList(from, Math.min(ids.size(), from + IN_CHUNK)));
    }
  }

  /**
   * A failed attempt: retried at {@code retryAt}, or failed for good when {@code retryAt} is null.
   */
  public void markFailedAttempt(Connection c, List<LedgerRow> rows, String error, Instant retryAt)
      throws SQLException {
    inChunks(
        rows,
        part -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "UPDATE notifications SET status = ?, attempts = attempts + 1, last_error = ?,"
                      + " due_at = COALESCE(?, due_at) WHERE id IN ("
                      + SqlParams.placeholders(part.size())
                      + ") AND status = 'pending'")) {
            ps.setString(1, retryAt == null ? "failed" : "pending");
            ps.setString(2, SqlParams.clip(error, 1024));
            SqlParams.setLong(ps, 3, retryAt == null ? null : retryAt.toEpochMilli());
            SqlParams.bindLongs(ps, 4, part);
            ps.executeUpdate();
          }
        });
  }

  /** Queues a copy of {@code row} for the log channel, because its own channel keeps failing. */
  public void addFallback(Connection c, LedgerRow row, String logTarget, Instant now)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO notifications (alert_id, step, channel, target, status, attempts,"
                + " created_at, due_at, plan_id, kind, scope, group_wait_ms) VALUES (?, ?, 'log',"
                + " ?, 'pending', 0, ?, ?, ?, ?, ?, 0)")) {
      ps.setLong(1, row.alertId());
      ps.setInt(2, row.step());
      ps.setString(3, SqlParams.clip(logTarget, 255));
      ps.setLong(4, now.toEpochMilli());
      ps.setLong(5, now.toEpochMilli());
      SqlParams.setLong(ps, 6, row.planId());
      ps.setString(7, row.kind() == Kind.RESOLVED ? Kind.RESOLVED.wire() : Kind.FALLBACK.wire());
      ps.setString(8, row.scope() == null ? scope : row.scope());
      ps.executeUpdate();
    }
  }

  /** The ledger of one alert, oldest first, for {@code boird explain}. */
  public List<Explainer.Sent> history(Connection c, long alertId) throws SQLException {
    List<Explainer.Sent> out = new ArrayList<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT "
                + LedgerEntries.COLUMNS
                + ", kind FROM notifications WHERE alert_id = ? ORDER BY id")) {
      ps.setLong(1, alertId);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          LedgerEntry e = LedgerEntries.read(rs);
          out.add(
              new Explainer.Sent(
                  e.step(),
                  Kind.parse(rs.getString("kind")),
                  e.channel(),
                  e.target(),
                  e.status(),
                  e.attempts(),
                  e.lastError(),
                  e.sentAt() == null ? null : Instant.ofEpochMilli(e.sentAt())));
        }
      }
    }
    return out;
  }
}
