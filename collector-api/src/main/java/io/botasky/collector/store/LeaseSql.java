package io.botasky.collector.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * The SQL of the {@code leases} table (docs/collector.md, "Several collectors") and of the
 * collector's own row in {@code daemon_heartbeats}. Each call runs inside the caller's transaction.
 */
public final class LeaseSql {
  /** One lease row as read. */
  public record Lease(String holder, long term, long expiresAt, long renewedAt) {}

  private LeaseSql() {}

  /** The row of {@code name}, locked until the transaction ends; null when there is none yet. */
  public static Lease lock(Connection c, String name) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT holder, term, expires_at, renewed_at FROM leases WHERE name = ? FOR UPDATE")) {
      ps.setString(1, name);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next()
            ? new Lease(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getLong(4))
            : null;
      }
    }
  }

  /**
   * True when {@code holder} still holds {@code name} at {@code term}; the row stays locked until
   * the transaction ends, so nobody takes the lease over before the caller's writes commit.
   */
  public static boolean holds(Connection c, String name, String holder, long term)
      throws SQLException {
    Lease l = lock(c, name);
    return l != null && l.holder().equals(holder) && l.term() == term;
  }

  /** The first lease of {@code name}; a second collector racing for it gets a duplicate key. */
  public static void create(Connection c, String name, String holder, long expiresAt, long now)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO leases (name, holder, term, expires_at, renewed_at) VALUES (?, ?, 1, ?,"
                + " ?)")) {
      ps.setString(1, name);
      ps.setString(2, holder);
      ps.setLong(3, expiresAt);
      ps.setLong(4, now);
      ps.executeUpdate();
    }
  }

  /** Renews or takes over the (locked) row. */
  public static void write(
      Connection c, String name, String holder, long term, long expiresAt, long now)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE leases SET holder = ?, term = ?, expires_at = ?, renewed_at = ? WHERE name ="
                + " ?")) {
      ps.setString(1, holder);
      ps.setLong(2, term);
      ps.setLong(3, expiresAt);
      ps.setLong(4, now);
      ps.setString(5, name);
      ps.executeUpdate();
    }
  }

  /** Gives the lease up at a clean stop, so a standby takes over at its next tick. */
  public static void release(Connection c, String name, String holder, long term)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE leases SET expires_at = 0 WHERE name = ? AND holder = ? AND term = ?")) {
      ps.setString(1, name);
      ps.setString(2, holder);
      ps.setLong(3, term);
      ps.executeUpdate();
    }
  }

  /** This collector's row in daemon_heartbeats (shown by {@code botasky status}). */
  public static void beat(
      Connection c, String name, String role, String version, long startedAt, long now)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO daemon_heartbeats (name, role, version, started_at, last_seen) VALUES (?,"
                + " ?, ?, ?, ?) ON DUPLICATE KEY UPDATE role = VALUES(role), version ="
                + " VALUES(version), started_at = VALUES(started_at), last_seen ="
                + " VALUES(last_seen)")) {
      ps.setString(1, name);
      ps.setString(2, role);
      ps.setString(3, version);
      ps.setLong(4, startedAt);
      ps.setLong(5, now);
      ps.executeUpdate();
    }
  }
}
