package io.botasky.notifier.store;

import io.botasky.common.db.OpenKeys;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;

/**
 * The alert {@code <master> notifier:<channel> channel_failing} the notifier raises when a channel
 * keeps failing, and resolves when it delivers again. Written straight into {@code alerts} the way
 * the collector keys open alerts ({@link OpenKeys}), so there is at most one
 * open per channel and the escalation policy treats it like any other alert.
 */
public final class ChannelAlarms {
  public static final String RESOURCE = "notifier";
  public static final String CHECK = "channel_failing";

  private final String master;

  public ChannelAlarms(String master) {
    this.master = master;
  }

  /** Raises the alarm for {@code channel}; true when it was not open yet. */
  public boolean raise(Connection c, String channel, String error, Instant now) throws SQLException {
    long t = now.toEpochMilli();
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT IGNORE INTO alerts (open_key, host, resource, instance, `check`, severity, state, summary, details,"
                + " first_seen, last_seen, occurrences, updated_at) VALUES (?, ?, ?, ?, ?, 'warning', 'firing', ?, NULL, ?, ?, 1, ?)")) {
      ps.setString(1, openKey(channel));
      ps.setString(2, master);
      ps.setString(3, RESOURCE);
      ps.setString(4, channel);
      ps.setString(5, CHECK);
      ps.setString(6, Sql.clip("notifier channel " + channel + " keeps failing; notifications go to the log: " + error, 512));
      ps.setLong(7, t);
      ps.setLong(8, t);
      ps.setLong(9, t);
      return ps.executeUpdate() == 1;
    }
  }

  /** Resolves the alarm of {@code channel} if open; true when it was. */
  public boolean clear(Connection c, String channel, Instant now) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE alerts SET state = 'resolved', open_key = NULL, resolved_at = ?, updated_at = ? WHERE open_key = ?")) {
      ps.setLong(1, now.toEpochMilli());
      ps.setLong(2, now.toEpochMilli());
      ps.setString(3, openKey(channel));
      return ps.executeUpdate() == 1;
    }
  }

  /** The collector's own key for this alert, so both writers agree on what is open. */
  String openKey(String channel) {
    return OpenKeys.of(master, RESOURCE, channel, CHECK);
  }
}
