package io.botasky.collector.store;

import io.botasky.common.wire.AlertState;
import io.botasky.common.wire.AlertView;
import io.botasky.common.wire.Fingerprint;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;

/**
 * Which alerts are flapping (docs/notifier.md, "Flapping"), for {@code "flapping"} in {@code GET
 * /api/v1/alerts}. boird owns {@code notify_flapping} (one row per flapping fingerprint) and
 * creates it in its own migrations; the collector only reads it, and a database boird never ran on
 * has no such table: then nothing is flapping.
 */
public final class FlapFlags {
  private final DataSource ds;

  public FlapFlags(DataSource ds) {
    this.ds = ds;
  }

  /**
   * The ids among {@code alerts} that are flapping: an alert of a flapping fingerprint that is
   * open, or resolved within the episode (after its detection less one flap window).
   */
  public Set<Long> flapping(List<AlertView> alerts) throws SQLException {
    Set<Long> out = new HashSet<>();
    if (alerts.isEmpty()) {
      return out;
    }
    // The table holds only the fingerprints flapping now: a handful, read whole.
    Map<String, Long> episodeFrom = new HashMap<>();
    try (Connection c = ds.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT host, resource, instance, `check`, since, window_ms FROM notify_flapping");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        episodeFrom.put(
            Fingerprint.of(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)),
            rs.getLong(5) - rs.getLong(6));
      }
    } catch (SQLException e) {
      if (missingTable(e)) {
        return out;
      }
      throw e;
    }
    if (episodeFrom.isEmpty()) {
      return out;
    }
    for (AlertView a : alerts) {
      Long from = episodeFrom.get(Fingerprint.of(a.host(), a.resource(), a.instance(), a.check()));
      if (from == null) {
        continue;
      }
      if (a.state() != AlertState.RESOLVED
          || a.resolvedAt() != null && Instant.parse(a.resolvedAt()).toEpochMilli() >= from) {
        out.add(a.id());
      }
    }
    return out;
  }

  /** "Table not found": SQLState 42S02 on MySQL, MariaDB and H2 alike. */
  private static boolean missingTable(SQLException e) {
    return "42S02".equals(e.getSQLState());
  }
}
