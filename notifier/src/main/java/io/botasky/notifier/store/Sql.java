package io.botasky.notifier.store;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.Collection;
import java.util.Collections;

/** Small JDBC helpers shared by the stores. */
final class Sql {
  private Sql() {}

  static void setLong(PreparedStatement ps, int i, Long v) throws SQLException {
    if (v == null) {
      ps.setNull(i, Types.BIGINT);
    } else {
      ps.setLong(i, v);
    }
  }

  /** {@code ?,?,?} for an IN list of {@code n} values (n ≥ 1). */
  static String marks(int n) {
    return String.join(",", Collections.nCopies(n, "?"));
  }

  static void bindLongs(PreparedStatement ps, int from, Collection<Long> values)
      throws SQLException {
    int i = from;
    for (long v : values) {
      ps.setLong(i++, v);
    }
  }

  static String clip(String s, int max) {
    return s == null || s.length() <= max ? s : s.substring(0, max - 1) + "…";
  }
}
