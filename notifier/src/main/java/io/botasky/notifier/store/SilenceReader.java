package io.botasky.notifier.store;

import io.botasky.notifier.policy.SilenceRule;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The silences in force now (not deleted, started, not ended). */
public final class SilenceReader {
  public List<SilenceRule> active(Connection c, Instant now) throws SQLException {
    List<SilenceRule> out = new ArrayList<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT id, host, resource, `check`, starts_at, ends_at FROM silences"
                + " WHERE deleted_at IS NULL AND starts_at <= ? AND ends_at > ?")) {
      ps.setLong(1, now.toEpochMilli());
      ps.setLong(2, now.toEpochMilli());
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(
              new SilenceRule(
                  rs.getLong(1),
                  rs.getString(2),
                  rs.getString(3),
                  rs.getString(4),
                  Instant.ofEpochMilli(rs.getLong(5)),
                  Instant.ofEpochMilli(rs.getLong(6))));
        }
      }
    }
    return out;
  }
}
