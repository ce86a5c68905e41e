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

  /**
   * The current row of {@code rs}, which selected {@link #COLUMNS} (or {@link #columns(String)})
   * first. Read by position, not by label: a label costs the driver a lookup per column and row,
   * which showed in the ingest writer's profile (docs/collector.md).
   */
  public static AlertRow read(ResultSet rs) throws SQLException {
    return new AlertRow(
        rs.getLong(1),
        rs.getString(2),
        rs.getString(3),
        rs.getString(4),
        rs.getString(5),
        rs.getString(6),
        // An unknown word would be a collector bug; treat it as the loudest rather than drop the
        // alert.
        Severity.parse(rs.getString(7)).orElse(Severity.CRITICAL),
        AlertState.parse(rs.getString(8)).orElse(AlertState.FIRING),
        rs.getString(9),
        nullableDouble(rs, 10),
        nullableDouble(rs, 11),
        rs.getString(12),
        rs.getLong(13),
        rs.getLong(14),
        rs.getInt(15),
        rs.getString(16),
        nullableLong(rs, 17),
        rs.getString(18),
        nullableLong(rs, 19),
        rs.getLong(20),
        nullableLong(rs, 21),
        rs.getInt(22),
        nullableLong(rs, 23));
  }

  private static Double nullableDouble(ResultSet rs, int col) throws SQLException {
    double d = rs.getDouble(col);
    return rs.wasNull() ? null : d;
  }

  private static Long nullableLong(ResultSet rs, int col) throws SQLException {
    long v = rs.getLong(col);
    return rs.wasNull() ? null : v;
  }
}
