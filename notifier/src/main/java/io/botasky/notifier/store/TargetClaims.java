package io.botasky.notifier.store;

import io.botasky.common.db.SqlParams;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;

/**
 * Claims a recipient for one instance with a lease, so exactly one boird talks to it at a time and
 * a dead instance's claim runs out. Portable: an optimistic {@code UPDATE … WHERE claim is free}
 * whose update count says who won. On MySQL/MariaDB the row is first taken with {@code FOR UPDATE
 * SKIP LOCKED}, so an instance passes over a recipient another is claiming instead of queueing
 * behind it; H2 parses SKIP LOCKED but locks every matching row, so it is not used there.
 */
public final class TargetClaims {
  private static final String FREE =
      "(claim_until IS NULL OR claim_until < ?) AND (next_send_at IS NULL OR next_send_at <= ?)";

  private final String instance;
  private final Duration lease;
  private final boolean skipLocked;

  public TargetClaims(String instance, Duration lease, boolean skipLocked) {
    this.instance = instance;
    this.lease = lease;
    this.skipLocked = skipLocked;
  }

  /**
   * Takes {@code t} until now + lease; false when another instance holds it or group_wait paces it.
   */
  public boolean claim(Connection c, Target t, Instant now) throws SQLException {
    long ms = now.toEpochMilli();
    c.setAutoCommit(true);
    try (PreparedStatement ps =
        c.prepareStatement("INSERT IGNORE INTO notify_targets (channel, target) VALUES (?, ?)")) {
      ps.setString(1, t.channel());
      ps.setString(2, t.target());
      ps.executeUpdate();
    }
    if (!skipLocked) {
      return update(c, t, ms) == 1;
    }
    c.setAutoCommit(false);
    try {
      try (PreparedStatement ps =
          c.prepareStatement(
              "SELECT channel FROM notify_targets WHERE channel = ? AND target = ? AND "
                  + FREE
                  + " FOR UPDATE SKIP LOCKED")) {
        ps.setString(1, t.channel());
        ps.setString(2, t.target());
        ps.setLong(3, ms);
        ps.setLong(4, ms);
        try (ResultSet rs = ps.executeQuery()) {
          if (!rs.next()) {
            c.rollback();
            return false;
          }
        }
      }
      boolean won = update(c, t, ms) == 1;
      c.commit();
      return won;
    } catch (SQLException e) {
      c.rollback();
      throw e;
    } finally {
      c.setAutoCommit(true);
    }
  }

  private int update(Connection c, Target t, long ms) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE notify_targets SET claimed_by = ?, claim_until = ? WHERE channel = ? AND target"
                + " = ? AND "
                + FREE)) {
      ps.setString(1, instance);
      ps.setLong(2, ms + lease.toMillis());
      ps.setString(3, t.channel());
      ps.setString(4, t.target());
      ps.setLong(5, ms);
      ps.setLong(6, ms);
      return ps.executeUpdate();
    }
  }

  /**
   * Gives {@code t} back. {@code sentAt} non-null records a message; {@code nextSendAt} is when the
   * next message may go (group_wait, or the retry time after a failure).
   */
  public void release(Connection c, Target t, Instant sentAt, Instant nextSendAt)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE notify_targets SET claimed_by = NULL, claim_until = NULL, last_sent_at ="
                + " COALESCE(?, last_sent_at), next_send_at = ? WHERE channel = ? AND target = ?"
                + " AND claimed_by = ?")) {
      SqlParams.setLong(ps, 1, sentAt == null ? null : sentAt.toEpochMilli());
      SqlParams.setLong(ps, 2, nextSendAt == null ? null : nextSendAt.toEpochMilli());
      ps.setString(3, t.channel());
      ps.setString(4, t.target());
      ps.setString(5, instance);
      ps.executeUpdate();
    }
  }

  /** Releases every claim of this instance (on stop), so others need not wait for the lease. */
  public int releaseAll(Connection c) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE notify_targets SET claimed_by = NULL, claim_until = NULL WHERE claimed_by ="
                + " ?")) {
      ps.setString(1, instance);
      return ps.executeUpdate();
    }
  }
}
