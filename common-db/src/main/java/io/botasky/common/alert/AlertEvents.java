package io.botasky.common.alert;

import io.botasky.common.alert.AlertTransitions.Transition;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * One alert event through the path every alert takes: {@link AlertTransitions} decides what the
 * event does to the open alert, {@link AlertWrites} writes the alert and the {@code alert_events}
 * row. The collector's ingest runs the same steps in batches; a daemon that raises alerts about
 * itself (boird's {@code notifier/channel_failing}) runs them for one event, in its own transaction
 * on the caller's connection.
 */
public final class AlertEvents {
  private AlertEvents() {}

  /** The open alert with this key, locked until the transaction ends; null when none is open. */
  public static AlertRow openForUpdate(Connection c, String openKey) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT " + AlertRows.COLUMNS + " FROM alerts WHERE open_key = ? FOR UPDATE")) {
      ps.setString(1, openKey);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? AlertRows.read(rs) : null;
      }
    }
  }

  /**
   * Applies {@code e} to {@code open} (the row {@link #openForUpdate} returned for the event's key,
   * or null) at {@code now}: writes the changed alert, if any, and the event's {@code alert_events}
   * row. Returns the transition, its row carrying the alert's real id.
   */
  public static Transition record(Connection c, AlertRow open, ValidEvent e, long now)
      throws SQLException {
    Transition t = AlertTransitions.apply(open, e, now);
    AlertRow row = t.row();
    if (row != null) {
      if (row.id() == 0) {
        row = row.withId(AlertWrites.insert(c, row));
      } else {
        AlertWrites.update(c, row);
      }
    }
    AlertWrites.insertEvent(c, e, row == null ? null : row.id(), now);
    return new Transition(t.reason(), row);
  }
}
