package io.botasky.collector.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Maintenance windows (docs/api.md, "Maintenance windows"): the API's, in the collector's own
 * {@code maintenance} table, and the escalation file's, which boird publishes to its {@code
 * maintenance_file} table and the collector only reads.
 */
public final class MaintenanceStore {
  private static final Logger log = LoggerFactory.getLogger("api");

  /**
   * One window (times in epoch ms). {@code id} is null for a window of the escalation file, whose
   * {@code origin} is its file:line; {@code every} is null for a one-off window.
   */
  public record Window(
      Long id,
      String name,
      String match,
      String every,
      String timezone,
      Long startsAt,
      Long endsAt,
      String comment,
      String createdBy,
      String origin) {}

  private final DataSource ds;

  public MaintenanceStore(DataSource ds) {
    this.ds = ds;
  }

  public long create(Window w, long now) throws SQLException {
    try (Connection c = ds.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO maintenance (name, match_terms, every, timezone, starts_at, ends_at,"
                    + " comment, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                Statement.RETURN_GENERATED_KEYS)) {
      ps.setString(1, w.name());
      ps.setString(2, w.match());
      ps.setString(3, w.every());
      ps.setString(4, w.timezone());
      setLong(ps, 5, w.startsAt());
      setLong(ps, 6, w.endsAt());
      ps.setString(7, w.comment());
      ps.setString(8, w.createdBy());
      ps.setLong(9, now);
      ps.executeUpdate();
      try (ResultSet keys = ps.getGeneratedKeys()) {
        keys.next();
        return keys.getLong(1);
      }
    }
  }

  private static void setLong(PreparedStatement ps, int i, Long v) throws SQLException {
    if (v == null) {
      ps.setNull(i, java.sql.Types.BIGINT);
    } else {
      ps.setLong(i, v);
    }
  }

  /** The file's windows, then the API's that are not removed nor (one-offs) over. */
  public List<Window> list(long now) throws SQLException {
    List<Window> out = new ArrayList<>();
    try (Connection c = ds.getConnection()) {
      out.addAll(fileWindows(c));
      try (PreparedStatement ps =
          c.prepareStatement(
              "SELECT id, name, match_terms, every, timezone, starts_at, ends_at, comment,"
                  + " created_by FROM maintenance WHERE deleted_at IS NULL"
                  + " AND (every IS NOT NULL OR ends_at > ?) ORDER BY id")) {
        ps.setLong(1, now);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            long starts = rs.getLong(6);
            Long s = rs.wasNull() ? null : starts;
            long ends = rs.getLong(7);
            Long e = rs.wasNull() ? null : ends;
            out.add(
                new Window(
                    rs.getLong(1),
                    rs.getString(2),
                    rs.getString(3),
                    rs.getString(4),
                    rs.getString(5),
                    s,
                    e,
                    rs.getString(8),
                    rs.getString(9),
                    "api"));
          }
        }
      }
    }
    return out;
  }

  private static List<Window> fileWindows(Connection c) {
    List<Window> out = new ArrayList<>();
    try (PreparedStatement ps =
            c.prepareStatement(
                "SELECT name, match_terms, every, timezone, comment, origin FROM maintenance_file"
                    + " ORDER BY origin");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.add(
            new Window(
                null,
                rs.getString(1),
                rs.getString(2),
                rs.getString(3),
                rs.getString(4),
                null,
                null,
                rs.getString(5),
                null,
                rs.getString(6)));
      }
    } catch (SQLException e) {
      // boird creates the table (its V5); until it ran once there are no file windows to list.
      log.debug("maintenance: no file windows: {}", e.getMessage());
      return List.of();
    }
    return out;
  }

  /** Removes an API window; false when there is none with that id (or it was removed already). */
  public boolean delete(long id, long now) throws SQLException {
    try (Connection c = ds.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "UPDATE maintenance SET deleted_at = ? WHERE id = ? AND deleted_at IS NULL")) {
      ps.setLong(1, now);
      ps.setLong(2, id);
      return ps.executeUpdate() == 1;
    }
  }
}
