package io.botasky.common.alert;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;

/**
 * The statements that write {@code alerts} and {@code alert_events}, on a connection the caller
 * owns (and its transaction). The collector's batched ingest and the single-event path ({@link
 * AlertEvents}) both use them, so an alert is written one way.
 */
public final class AlertWrites {
  /**
   * The start of an insert into {@code alerts}; each row then takes {@link #NEW_VALUES} with the
   * columns in the order {@link #bindNew} binds them.
   */
  public static final String INSERT_INTO =
      "INSERT INTO alerts (open_key, host, resource, instance, `check`, severity, state, summary,"
          + " `value`, threshold, details, first_seen, last_seen, occurrences, acked_by, acked_at,"
          + " ack_comment, resolved_at, updated_at, ack_expires_at, ack_expiries, ack_expired_at)"
          + " VALUES ";

  /** The placeholders of one row of {@link #INSERT_INTO}. */
  public static final String NEW_VALUES =
      "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

  /** Inserts one alert; parameters as bound by {@link #bindNew}. */
  public static final String INSERT = INSERT_INTO + NEW_VALUES;

  /**
   * Writes the changing columns of an existing alert: open_key, severity, state, summary, value,
   * threshold, details, first_seen, last_seen, occurrences, acked_by, acked_at, ack_comment,
   * resolved_at, updated_at, ack_expires_at, ack_expiries, ack_expired_at, then the id.
   */
  public static final String UPDATE =
      "UPDATE alerts SET open_key = ?, severity = ?, state = ?, summary = ?, `value` = ?, threshold"
          + " = ?, details = ?, first_seen = ?, last_seen = ?, occurrences = ?, acked_by = ?,"
          + " acked_at = ?, ack_comment = ?, resolved_at = ?, updated_at = ?, ack_expires_at = ?,"
          + " ack_expiries = ?, ack_expired_at = ? WHERE id = ?";

  /**
   * The start of an insert into {@code alert_events}; each row then takes {@link #EVENT_VALUES}
   * with event_id, alert_id, host, resource, instance, check, state, severity, value, threshold,
   * summary, details, observed_at, received_at.
   */
  public static final String EVENT_INSERT =
      "INSERT INTO alert_events (event_id, alert_id, host, resource, instance, `check`, state,"
          + " severity, `value`, threshold, summary, details, observed_at, received_at) VALUES ";

  /** The placeholders of one row of {@link #EVENT_INSERT}. */
  public static final String EVENT_VALUES = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

  private AlertWrites() {}

  /** Binds every column of {@link #INSERT} from {@code r}. */
  public static void bindNew(PreparedStatement ps, AlertRow r) throws SQLException {
    int i = 1;
    ps.setString(i++, r.openKey());
    ps.setString(i++, r.host());
    ps.setString(i++, r.resource());
    ps.setString(i++, r.instance());
    ps.setString(i++, r.check());
    ps.setString(i++, r.severity().wire());
    ps.setString(i++, r.state().wire());
    ps.setString(i++, r.summary());
    setDouble(ps, i++, r.value());
    setDouble(ps, i++, r.threshold());
    ps.setString(i++, r.detailsJson());
    ps.setLong(i++, r.firstSeen());
    ps.setLong(i++, r.lastSeen());
    ps.setInt(i++, r.occurrences());
    ps.setString(i++, r.ackedBy());
    setLong(ps, i++, r.ackedAt());
    ps.setString(i++, r.ackComment());
    setLong(ps, i++, r.resolvedAt());
    ps.setLong(i++, r.updatedAt());
    setLong(ps, i++, r.ackExpiresAt());
    ps.setInt(i++, r.ackExpiries());
    setLong(ps, i, r.ackExpiredAt());
  }

  /** Inserts one alert and returns its generated id. */
  public static long insert(Connection c, AlertRow r) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(INSERT, Statement.RETURN_GENERATED_KEYS)) {
      bindNew(ps, r);
      ps.executeUpdate();
      try (ResultSet keys = ps.getGeneratedKeys()) {
        if (!keys.next()) {
          throw new SQLException("no generated id for a new alert");
        }
        return keys.getLong(1);
      }
    }
  }

  /** Writes the changing columns of the existing alert {@code r.id()}. */
  public static void update(Connection c, AlertRow r) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(UPDATE)) {
      int i = 1;
      ps.setString(i++, r.openKey());
      ps.setString(i++, r.severity().wire());
      ps.setString(i++, r.state().wire());
      ps.setString(i++, r.summary());
      setDouble(ps, i++, r.value());
      setDouble(ps, i++, r.threshold());
      ps.setString(i++, r.detailsJson());
      ps.setLong(i++, r.firstSeen());
      ps.setLong(i++, r.lastSeen());
      ps.setInt(i++, r.occurrences());
      ps.setString(i++, r.ackedBy());
      setLong(ps, i++, r.ackedAt());
      ps.setString(i++, r.ackComment());
      setLong(ps, i++, r.resolvedAt());
      ps.setLong(i++, r.updatedAt());
      setLong(ps, i++, r.ackExpiresAt());
      ps.setInt(i++, r.ackExpiries());
      setLong(ps, i++, r.ackExpiredAt());
      ps.setLong(i, r.id());
      ps.executeUpdate();
    }
  }

  /**
   * Inserts the {@code alert_events} row of {@code e}; {@code alertId} null when it changed no
   * alert.
   */
  public static void insertEvent(Connection c, ValidEvent e, Long alertId, long receivedAt)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(EVENT_INSERT + EVENT_VALUES)) {
      int i = 1;
      ps.setString(i++, e.eventId());
      setLong(ps, i++, alertId);
      ps.setString(i++, e.host());
      ps.setString(i++, e.resource());
      ps.setString(i++, e.instance());
      ps.setString(i++, e.check());
      ps.setString(i++, e.state().wire());
      ps.setString(i++, e.severity().wire());
      setDouble(ps, i++, e.value());
      setDouble(ps, i++, e.threshold());
      ps.setString(i++, e.summary());
      ps.setString(i++, e.detailsJson());
      ps.setLong(i++, e.observedAt());
      ps.setLong(i, receivedAt);
      ps.executeUpdate();
    }
  }

  private static void setDouble(PreparedStatement ps, int i, Double v) throws SQLException {
    if (v == null) {
      ps.setNull(i, Types.DOUBLE);
    } else {
      ps.setDouble(i, v);
    }
  }

  private static void setLong(PreparedStatement ps, int i, Long v) throws SQLException {
    if (v == null) {
      ps.setNull(i, Types.BIGINT);
    } else {
      ps.setLong(i, v);
    }
  }
}
