package io.botasky.collector.store;

import io.botasky.common.ledger.LedgerEntries;
import io.botasky.common.ledger.LedgerEntry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/** The notifier's ledger and heartbeats, read-only here: boird writes them. */
public final class LedgerQueries {
  private final DataSource ds;

  public LedgerQueries(DataSource ds) {
    this.ds = ds;
  }

  /** Ledger rows, newest first; {@code alertId} or {@code id} null = any. */
  public List<Map<String, Object>> list(Long alertId, Long id, int limit) throws SQLException {
    String sql =
        "SELECT "
            + LedgerEntries.COLUMNS
            + " FROM notifications"
            + (alertId != null ? " WHERE alert_id = ?" : id != null ? " WHERE id = ?" : "")
            + " ORDER BY id DESC LIMIT "
            + limit;
    List<Map<String, Object>> out = new ArrayList<>();
    try (Connection c = ds.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      if (alertId != null) {
        ps.setLong(1, alertId);
      } else if (id != null) {
        ps.setLong(1, id);
      }
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(view(LedgerEntries.read(rs)));
        }
      }
    }
    return out;
  }

  /** A ledger row as {@code GET /api/v1/notifications} shows it. */
  static Map<String, Object> view(LedgerEntry e) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", e.id());
    m.put("alert_id", e.alertId());
    m.put("step", e.step());
    m.put("channel", e.channel());
    m.put("target", e.target());
    m.put("status", e.status());
    m.put("attempts", e.attempts());
    m.put("last_error", e.lastError());
    m.put("created_at", Times.rfc3339(e.createdAt()));
    m.put("sent_at", Times.rfc3339(e.sentAt()));
    return m;
  }

  /**
   * Collectors (role {@code leader} or {@code standby}) whose heartbeat is at or after {@code
   * since}: the peer poll reads nothing while this collector is the only one (docs/collector.md,
   * "Several collectors").
   */
  public int collectorsAlive(long since) throws SQLException {
    try (Connection c = ds.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT COUNT(*) FROM daemon_heartbeats WHERE role IN ('leader', 'standby')"
                    + " AND last_seen >= ?")) {
      ps.setLong(1, since);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }

  /** Daemons that share this database (notifiers), with their last heartbeat. */
  public List<Map<String, Object>> daemons(long now, long aliveWithinMs) throws SQLException {
    List<Map<String, Object>> out = new ArrayList<>();
    try (Connection c = ds.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT name, role, version, started_at, last_seen FROM daemon_heartbeats ORDER BY"
                    + " name");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", rs.getString(1));
        m.put("role", rs.getString(2));
        m.put("version", rs.getString(3));
        m.put("started_at", Times.rfc3339(rs.getLong(4)));
        m.put("last_seen", Times.rfc3339(rs.getLong(5)));
        m.put("alive", now - rs.getLong(5) <= aliveWithinMs);
        out.add(m);
      }
    }
    return out;
  }
}
