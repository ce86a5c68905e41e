package io.botasky.collector.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * Silences: host (exact, or ending in * for a prefix), optional resource and check, a time window.
 */
public final class SilenceStore {
  /** One silence as the API shows it (times in epoch ms). */
  public record Silence(
      long id,
      String host,
      String resource,
      String check,
      long startsAt,
      long endsAt,
      String comment,
      String createdBy,
      long createdAt) {}

  private final DataSource ds;

  public SilenceStore(DataSource ds) {
    this.ds = ds;
  }

  public long create(Silence s) throws SQLException {
    try (Connection c = ds.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO silences (host, resource, `check`, starts_at, ends_at, comment,"
                    + " created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                Statement.RETURN_GENERATED_KEYS)) {
      ps.setString(1, s.host());
      ps.setString(2, s.resource());
      ps.setString(3, s.check());
      ps.setLong(4, s.startsAt());
      ps.setLong(5, s.endsAt());
      ps.setString(6, s.comment());
      ps.setString(7, s.createdBy());
      ps.setLong(8, s.createdAt());
      ps.executeUpdate();
      try (ResultSet keys = ps.getGeneratedKeys()) {
        keys.next();
        return keys.getLong(1);
      }
    }
  }

  /** Silences not removed whose window has not ended; with {@code all}, ended ones too. */
  public List<Silence> list(long now, boolean all) throws SQLException {
    String sql =
        "SELECT id, host, resource, `check`, starts_at, ends_at, comment, created_by, created_at"
            + " FROM silences WHERE deleted_at IS NULL"
            + (all ? "" : " AND ends_at > ?")
            + " ORDER BY id";
    List<Silence> out = new ArrayList<>();
    try (Connection c = ds.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      if (!all) {
        ps.setLong(1, now);
      }
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(
              new Silence(
                  rs.getLong(1),
                  rs.getString(2),
                  rs.getString(3),
                  rs.getString(4),
                  rs.getLong(5),
                  rs.getLong(6),
                  rs.getString(7),
                  rs.getString(8),
                  rs.getLong(9)));
        }
      }
    }
    return out;
  }

  /** Removes a silence; false when there is none with that id (or it was removed already). */
  public boolean delete(long id, long now) throws SQLException {
    try (Connection c = ds.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "UPDATE silences SET deleted_at = ? WHERE id = ? AND deleted_at IS NULL")) {
      ps.setLong(1, now);
      ps.setLong(2, id);
      return ps.executeUpdate() == 1;
    }
  }
}
