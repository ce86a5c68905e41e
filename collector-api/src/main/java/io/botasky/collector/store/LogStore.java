package io.botasky.collector.store;

import io.botasky.common.wire.LogLine;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * The log view's table, {@code log_lines}, and {@code log_batches} (docs/collector.md): lines
 * stored once per batch id, read newest first with filters.
 */
public final class LogStore {
  /** A stored line with its id. */
  public record Stored(long id, String host, LogLine line) {
    /** The line as the API and the stream's {@code log} event show it; {@code ts} RFC 3339. */
    public Map<String, Object> view() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("id", id);
      m.put("host", host);
      m.put("source", line.source());
      m.put("level", line.level());
      m.put("ts", Instant.ofEpochMilli(line.ts()).toString());
      m.put("line", line.line());
      return m;
    }
  }

  /** A stored line and when it was received (the peer poll's read). */
  public record Received(Stored stored, long receivedAt) {}

  private final DataSource ds;

  public LogStore(DataSource ds) {
    this.ds = ds;
  }

  /**
   * Stores {@code lines} of {@code host} in one transaction. With a {@code batchId} already taken,
   * stores nothing and returns an empty list (a resend); without one (the collector's own lines),
   * always stores.
   */
  public List<Stored> store(String host, String batchId, List<LogLine> lines, long receivedAt)
      throws SQLException {
    try (Connection c = ds.getConnection()) {
      boolean auto = c.getAutoCommit();
      c.setAutoCommit(false);
      try {
        if (batchId != null && !takeBatch(c, batchId, host, receivedAt)) {
          c.rollback();
          return List.of();
        }
        List<Stored> out = insert(c, host, lines, receivedAt);
        c.commit();
        return out;
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      } finally {
        c.setAutoCommit(auto);
      }
    }
  }

  /** False when the batch id is stored already. */
  private static boolean takeBatch(Connection c, String batchId, String host, long receivedAt)
      throws SQLException {
    try (PreparedStatement q =
        c.prepareStatement("SELECT 1 FROM log_batches WHERE batch_id = ? FOR UPDATE")) {
      q.setString(1, batchId);
      try (ResultSet rs = q.executeQuery()) {
        if (rs.next()) {
          return false;
        }
      }
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO log_batches (batch_id, host, received_at) VALUES (?, ?, ?)")) {
      ps.setString(1, batchId);
      ps.setString(2, host);
      ps.setLong(3, receivedAt);
      ps.executeUpdate();
      return true;
    } catch (SQLException e) {
      // Two resends racing: the other one stored it.
      if (e.getSQLState() != null && e.getSQLState().startsWith("23")) {
        return false;
      }
      throw e;
    }
  }

  private static List<Stored> insert(
      Connection c, String host, List<LogLine> lines, long receivedAt) throws SQLException {
    List<Stored> out = new ArrayList<>(lines.size());
    if (lines.isEmpty()) {
      return out;
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO log_lines (host, source, level, ts, received_at, line)"
                + " VALUES (?, ?, ?, ?, ?, ?)",
            Statement.RETURN_GENERATED_KEYS)) {
      for (LogLine l : lines) {
        ps.setString(1, host);
        ps.setString(2, l.source());
        ps.setString(3, l.level());
        ps.setLong(4, l.ts());
        ps.setLong(5, receivedAt);
        ps.setString(6, l.line());
        ps.addBatch();
      }
      // One round trip for the lot; the generated ids come back in order (the stream shows them).
      ps.executeBatch();
      try (ResultSet keys = ps.getGeneratedKeys()) {
        for (LogLine l : lines) {
          out.add(new Stored(keys.next() ? keys.getLong(1) : 0, host, l));
        }
      }
    }
    return out;
  }

  /**
   * Lines received at or after {@code since}, oldest first, at most {@code limit}
   * (docs/collector.md, "Several collectors"; index ix_log_lines_received).
   */
  public List<Received> receivedSince(long since, int limit) throws SQLException {
    List<Received> out = new ArrayList<>();
    try (Connection c = ds.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT id, host, source, level, ts, line, received_at FROM log_lines"
                    + " WHERE received_at >= ? ORDER BY received_at, id LIMIT ?")) {
      ps.setLong(1, since);
      ps.setInt(2, limit);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(
              new Received(
                  new Stored(
                      rs.getLong(1),
                      rs.getString(2),
                      new LogLine(
                          rs.getString(3), rs.getString(4), rs.getLong(5), rs.getString(6))),
                  rs.getLong(7)));
        }
      }
    }
    return out;
  }

  /**
   * Lines newest first (by time, then id), each filter optional.
   *
   * @param since epoch milliseconds, or null
   */
  public List<Stored> list(String host, String source, String level, Long since, int limit)
      throws SQLException {
    StringBuilder sql =
        new StringBuilder("SELECT id, host, source, level, ts, line FROM log_lines WHERE 1 = 1");
    List<Object> p = new ArrayList<>();
    if (host != null) {
      sql.append(" AND host = ?");
      p.add(host);
    }
    if (source != null) {
      sql.append(" AND source = ?");
      p.add(source);
    }
    if (level != null) {
      sql.append(" AND level = ?");
      p.add(level);
    }
    if (since != null) {
      sql.append(" AND ts >= ?");
      p.add(since);
    }
    sql.append(" ORDER BY ts DESC, id DESC LIMIT ").append(limit);
    List<Stored> out = new ArrayList<>();
    try (Connection c = ds.getConnection();
        PreparedStatement ps = c.prepareStatement(sql.toString())) {
      for (int i = 0; i < p.size(); i++) {
        ps.setObject(i + 1, p.get(i));
      }
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(
              new Stored(
                  rs.getLong(1),
                  rs.getString(2),
                  new LogLine(rs.getString(3), rs.getString(4), rs.getLong(5), rs.getString(6))));
        }
      }
    }
    return out;
  }
}
