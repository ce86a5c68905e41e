package io.botasky.common.db;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.Collection;
import java.util.Collections;

/**
 * Statement parameters both daemons' stores need: placeholders and values for IN lists, a nullable
 * BIGINT, and text cut to its column's width.
 */
public final class SqlParams {
  private SqlParams() {}

  /** {@code ?, ?, ?} for an IN list of {@code n} values (n ≥ 1). */
  public static String placeholders(int n) {
    return String.join(", ", Collections.nCopies(n, "?"));
  }

  /** Binds {@code values} from parameter {@code from} on, in iteration order. */
  public static void bindLongs(PreparedStatement ps, int from, Collection<Long> values)
      throws SQLException {
    int i = from;
    for (long v : values) {
      ps.setLong(i++, v);
    }
  }

  /** Binds {@code v}, or SQL NULL when it is null. */
  public static void setLong(PreparedStatement ps, int i, Long v) throws SQLException {
    if (v == null) {
      ps.setNull(i, Types.BIGINT);
    } else {
      ps.setLong(i, v);
    }
  }

  /** {@code s} cut to {@code max} characters, the last one an ellipsis when it was cut. */
  public static String clip(String s, int max) {
    return s == null || s.length() <= max ? s : s.substring(0, max - 1) + "…";
  }
}
