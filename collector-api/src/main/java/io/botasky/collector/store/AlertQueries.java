package io.botasky.collector.store;

import io.botasky.common.alert.AlertRows;
import io.botasky.common.db.SqlParams;
import io.botasky.common.wire.AlertState;
import io.botasky.common.wire.AlertView;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/** Reads of alerts for the API, and the ack. */
public final class AlertQueries {
  /** What an ack did. */
  public enum AckResult {
    ACKED,
    ALREADY_ACKED,
    RESOLVED,
    NOT_FOUND
  }

  private final DataSource ds;

  public AlertQueries(DataSource ds) {
    this.ds = ds;
  }

  /** Alerts matching the filters (null = any), newest first. */
  public List<AlertView> list(AlertState state, String host, String resource, int limit)
      throws SQLException {
    StringBuilder sql =
        new StringBuilder("SELECT " + AlertRows.COLUMNS + " FROM alerts WHERE 1 = 1");
    List<String> args = new ArrayList<>();
    if (state != null) {
      sql.append(" AND state = ?");
      args.add(state.wire());
    }
    if (host != null) {
      sql.append(" AND host = ?");
      args.add(host);
    }
    if (resource != null) {
      sql.append(" AND resource = ?");
      args.add(resource);
    }
    sql.append(" ORDER BY id DESC LIMIT ").append(limit);
    List<AlertView> out = new ArrayList<>();
    try (Connection c = ds.getConnection();
        PreparedStatement ps = c.prepareStatement(sql.toString())) {
      for (int i = 0; i < args.size(); i++) {
        ps.setString(i + 1, args.get(i));
      }
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(AlertRows.read(rs).view());
        }
      }
    }
    return out;
  }

  public Optional<AlertView> get(long id) throws SQLException {
    try (Connection c = ds.getConnection();
        PreparedStatement ps =
            c.prepareStatement("SELECT " + AlertRows.COLUMNS + " FROM alerts WHERE id = ?")) {
      ps.setLong(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(AlertRows.read(rs).view()) : Optional.empty();
      }
    }
  }

  /** The alerts with these ids (those that exist). */
  /** Every open (firing or acked) alert. */
  public List<AlertView> open() throws SQLException {
    List<AlertView> out = new ArrayList<>();
    try (Connection c = ds.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT " + AlertRows.COLUMNS + " FROM alerts WHERE open_key IS NOT NULL");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.add(AlertRows.read(rs).view());
      }
    }
    return out;
  }

  /** An alert's id and the time of its last change (the peer poll's read). */
  public record Updated(long id, long updatedAt) {}

  /**
   * Alerts changed at or after {@code since}, oldest change first, at most {@code limit}
   * (docs/collector.md, "Several collectors"; index ix_alerts_updated).
   */
  public List<Updated> updatedSince(long since, int limit) throws SQLException {
    List<Updated> out = new ArrayList<>();
    try (Connection c = ds.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT id, updated_at FROM alerts WHERE updated_at >= ? ORDER BY updated_at, id"
                    + " LIMIT ?")) {
      ps.setLong(1, since);
      ps.setInt(2, limit);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(new Updated(rs.getLong(1), rs.getLong(2)));
        }
      }
    }
    return out;
  }

  public List<AlertView> byIds(java.util.Collection<Long> ids) throws SQLException {
    List<AlertView> out = new ArrayList<>();
    List<Long> real = ids.stream().filter(i -> i > 0).toList();
    if (real.isEmpty()) {
      return out;
    }
    try (Connection c = ds.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT "
                    + AlertRows.COLUMNS
                    + " FROM alerts WHERE id IN ("
                    + SqlParams.placeholders(real.size())
                    + ") ORDER BY id")) {
      for (int i = 0; i < real.size(); i++) {
        ps.setLong(i + 1, real.get(i));
      }
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(AlertRows.read(rs).view());
        }
      }
    }
    return out;
  }

  /**
   * Acks a firing alert, for good or until {@code expiresAt} (docs/notifier.md, "Ack expiry").
   * Acking an acked alert again replaces its ack: who, comment and expiry (none = never), so an
   * operator can extend or end a timed ack; a resolved one cannot be acked. The API and the
   * one-click ack both come here.
   *
   * @param expiresAt when the ack runs out (epoch ms), or null when it does not
   */
  public AckResult ack(long id, String by, String comment, Long expiresAt, long now)
      throws SQLException {
    return ack(id, by, comment, expiresAt, now, true);
  }

  /**
   * The ack; with {@code replace} false an acked alert is left as it is (ALREADY_ACKED): a
   * one-click link from a mail must not overwrite a colleague's timed ack (docs/notifier.md).
   */
  public AckResult ack(
      long id, String by, String comment, Long expiresAt, long now, boolean replace)
      throws SQLException {
    try (Connection c = ds.getConnection()) {
      try (PreparedStatement ps =
          c.prepareStatement(
              "UPDATE alerts SET state = ?, acked_by = ?, acked_at = ?, ack_comment = ?,"
                  + " ack_expires_at = ?, updated_at = ? WHERE id = ? AND state IN (?, ?)")) {
        ps.setString(1, AlertState.ACKED.wire());
        ps.setString(2, by);
        ps.setLong(3, now);
        ps.setString(4, comment);
        if (expiresAt == null) {
          ps.setNull(5, Types.BIGINT);
        } else {
          ps.setLong(5, expiresAt);
        }
        ps.setLong(6, now);
        ps.setLong(7, id);
        ps.setString(8, AlertState.FIRING.wire());
        ps.setString(9, (replace ? AlertState.ACKED : AlertState.FIRING).wire());
        // Read the state first only to tell ACKED from ALREADY_ACKED: the update decides.
        String before = state(c, id);
        if (ps.executeUpdate() == 1) {
          return AlertState.ACKED.wire().equals(before) ? AckResult.ALREADY_ACKED : AckResult.ACKED;
        }
      }
      String now2 = state(c, id);
      if (now2 == null) {
        return AckResult.NOT_FOUND;
      }
      return AlertState.ACKED.wire().equals(now2) ? AckResult.ALREADY_ACKED : AckResult.RESOLVED;
    }
  }

  /** {@link #ack(long, String, String, Long, long)} without an expiry. */
  public AckResult ack(long id, String by, String comment, long now) throws SQLException {
    return ack(id, by, comment, null, now);
  }

  private static String state(Connection c, long id) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT state FROM alerts WHERE id = ?")) {
      ps.setLong(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getString(1) : null;
      }
    }
  }

  /**
   * In the caller's transaction: every acked alert whose ack ran out by {@code now} (at most {@code
   * limit}) is firing again, its ack cleared, the expiry counted and timed (docs/notifier.md, "Ack
   * expiry"). Returns the ids it changed. A resolved alert is not touched: it stays resolved.
   */
  public static List<Long> expireAcks(Connection c, long now, int limit) throws SQLException {
    List<Long> ids = new ArrayList<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT id FROM alerts WHERE state = ? AND ack_expires_at <= ? ORDER BY id LIMIT "
                + limit
                + " FOR UPDATE")) {
      ps.setString(1, AlertState.ACKED.wire());
      ps.setLong(2, now);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          ids.add(rs.getLong(1));
        }
      }
    }
    List<Long> changed = new ArrayList<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE alerts SET state = ?, acked_by = NULL, acked_at = NULL, ack_comment = NULL,"
                + " ack_expires_at = NULL, ack_expiries = ack_expiries + 1, ack_expired_at = ?,"
                + " updated_at = ? WHERE id = ? AND state = ? AND ack_expires_at <= ?")) {
      for (long id : ids) {
        ps.setString(1, AlertState.FIRING.wire());
        ps.setLong(2, now);
        ps.setLong(3, now);
        ps.setLong(4, id);
        ps.setString(5, AlertState.ACKED.wire());
        ps.setLong(6, now);
        if (ps.executeUpdate() == 1) {
          changed.add(id);
        }
      }
    }
    return changed;
  }
}
