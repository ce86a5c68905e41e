package io.botasky.common.alert;

import io.botasky.common.wire.AlertState;
import io.botasky.common.wire.Severity;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * The one reader of {@code alerts} rows, used by the collector (ingest, API) and the notifier
 * alike. Select {@link #COLUMNS} (or {@link #columns(String)} with a table alias) and hand each row
 * to {@link #read(ResultSet)}; the API's view and the notifier's facts are functions of the result.
 */
public final class AlertRows {
  /** Every column of {@code alerts}, in table order. */
  public static final String COLUMNS = columns("");

  private AlertRows() {}

  /** {@link #COLUMNS}, each qualified with {@code alias} (e.g. {@code a}); empty = unqualified. */
  public static String columns(String alias) {
    String p = alias.isEmpty() ? "" : alias + ".";
    return String.join(
        ", ",
        p + "id",
        p + "open_key",
        p + "host",
        p + "resource",
        p + "instance",
        p + "`check`",
        p + "severity",
        p + "state",
        p + "summary",
        p + "`value`",
        p + "threshold",
        p + "details",
        p + "first_seen",
        p + "last_seen",
        p + "occurrences",
        p + "acked_by",
        p + "acked_at",
        p + "ack_comment",
        p + "resolved_at",
        p + "updated_at",
        p + "ack_expires_at",
        p + "ack_expiries",
        p + "ack_expired_at");
  }

  /** The current row of {@code rs}, which selected {@link #COLUMNS}. */
  public static AlertRow read(ResultSet rs) throws SQLException {
    return new AlertRow(
        rs.getLong("id"),
        rs.getString("open_key"),
        rs.getString("host"),
        rs.getString("resource"),
        rs.getString("instance"),
        rs.getString("check"),
        // An unknown word would be a collector bug; treat it as the loudest rather than drop the
        // alert.
        Severity.parse(rs.getString("severity")).orElse(Severity.CRITICAL),
        AlertState.parse(rs.getString("state")).orElse(AlertState.FIRING),
        rs.getString("summary"),
        nullableDouble(rs, "value"),
        nullableDouble(rs, "threshold"),
        rs.getString("details"),
        rs.getLong("first_seen"),
        rs.getLong("last_seen"),
        rs.getInt("occurrences"),
        rs.getString("acked_by"),
        nullableLong(rs, "acked_at"),
        rs.getString("ack_comment"),
        nullableLong(rs, "resolved_at"),
        rs.getLong("updated_at"),
        nullableLong(rs, "ack_expires_at"),
        rs.getInt("ack_expiries"),
        nullableLong(rs, "ack_expired_at"));
  }

  private static Double nullableDouble(ResultSet rs, String col) throws SQLException {
    double d = rs.getDouble(col);
    return rs.wasNull() ? null : d;
  }

  private static Long nullableLong(ResultSet rs, String col) throws SQLException {
    long v = rs.getLong(col);
    return rs.wasNull() ? null : v;
  }
}
