package io.botasky.common.ledger;

import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * The one reader of {@code notifications} rows, used by the collector's API ({@code GET
 * /api/v1/notifications}) and by boird (delivery, {@code boird explain}). Select {@link #COLUMNS}
 * (or {@link #columns(String)} with a table alias), plus any columns of your own, and hand each row
 * to {@link #read(ResultSet)}.
 */
public final class LedgerEntries {
  /** The shared-schema columns of {@code notifications}. */
  public static final String COLUMNS = columns("");

  private LedgerEntries() {}

  /** {@link #COLUMNS}, each qualified with {@code alias} (e.g. {@code n}); empty = unqualified. */
  public static String columns(String alias) {
    String p = alias.isEmpty() ? "" : alias + ".";
    return String.join(
        ", ",
        p + "id",
        p + "alert_id",
        p + "step",
        p + "channel",
        p + "target",
        p + "status",
        p + "attempts",
        p + "last_error",
        p + "created_at",
        p + "due_at",
        p + "sent_at");
  }

  /** The current row of {@code rs}, which selected {@link #COLUMNS}. */
  public static LedgerEntry read(ResultSet rs) throws SQLException {
    long sent = rs.getLong("sent_at");
    Long sentAt = rs.wasNull() ? null : sent;
    return new LedgerEntry(
        rs.getLong("id"),
        rs.getLong("alert_id"),
        rs.getInt("step"),
        rs.getString("channel"),
        rs.getString("target"),
        rs.getString("status"),
        rs.getInt("attempts"),
        rs.getString("last_error"),
        rs.getLong("created_at"),
        rs.getLong("due_at"),
        sentAt);
  }
}
