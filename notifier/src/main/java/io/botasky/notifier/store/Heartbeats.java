package io.botasky.notifier.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;

/** This instance's row in {@code daemon_heartbeats}, which {@code botasky status} shows. */
public final class Heartbeats {
  private final String name;
  private final String version;
  private final Instant startedAt;

  public Heartbeats(String name, String version, Instant startedAt) {
    this.name = name;
    this.version = version;
    this.startedAt = startedAt;
  }

  public void beat(Connection c, Instant now) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO daemon_heartbeats (name, role, version, started_at, last_seen) VALUES (?,"
                + " 'notifier', ?, ?, ?) ON DUPLICATE KEY UPDATE last_seen = VALUES(last_seen),"
                + " version = VALUES(version), started_at = VALUES(started_at)")) {
      ps.setString(1, name);
      ps.setString(2, version);
      ps.setLong(3, startedAt.toEpochMilli());
      ps.setLong(4, now.toEpochMilli());
      ps.executeUpdate();
    }
  }
}
