package io.botasky.collector.store;

import io.botasky.common.db.Dialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;

/**
 * Statements to run in order inside one transaction. On MySQL/MariaDB they go to the server as one
 * multi-statement (one round trip instead of one each; a transaction of a lock read plus one script
 * measured ~30% more commits per second than four round trips); on H2, which has no
 * multi-statements, one by one. Large scripts are cut below the server's packet limit.
 */
public final class SqlScript {
  /** A NULL of a given SQL type, for binding. */
  private record Null(int sqlType) {}

  private record Fragment(String sql, List<Object> params, long bytes) {}

  static final long MAX_BYTES = 4L << 20;

  private final Dialect dialect;
  private final List<Fragment> fragments = new ArrayList<>();
  private boolean commit;

  public SqlScript(Dialect dialect) {
    this.dialect = dialect;
  }

  /** The database the script runs on (some statements take another form on H2). */
  public Dialect dialect() {
    return dialect;
  }

  public static Object nullOf(int sqlType) {
    return new Null(sqlType);
  }

  static Object orNull(String s) {
    return s == null ? new Null(Types.VARCHAR) : s;
  }

  static Object orNull(Long v) {
    return v == null ? new Null(Types.BIGINT) : v;
  }

  static Object orNull(Double v) {
    return v == null ? new Null(Types.DOUBLE) : v;
  }

  /** Adds a statement with its parameters in placeholder order. */
  public SqlScript add(String sql, List<Object> params) {
    long bytes = sql.length();
    for (Object p : params) {
      bytes += p instanceof String s ? s.length() * 4L + 8 : 16;
    }
    fragments.add(new Fragment(sql, params, bytes));
    return this;
  }

  /**
   * Ends the script with COMMIT where that saves a round trip. Returns whether it did: if so the
   * transaction is committed once {@link #run} returns; if not, the caller commits.
   */
  public boolean commitAtEnd() {
    commit = dialect == Dialect.MYSQL;
    return commit;
  }

  public boolean isEmpty() {
    return fragments.isEmpty() && !commit;
  }

  /** Reads the rows of a script's closing query. */
  @FunctionalInterface
  public interface Rows {
    void read(ResultSet rs) throws SQLException;
  }

  /** Runs every statement; the first failure stops the script and throws. */
  public void run(Connection c) throws SQLException {
    run(c, null, null);
  }

  /**
   * Runs every statement, then {@code query} (a SELECT) with {@code params}, its rows to {@code
   * rows}: on MySQL/MariaDB in the same round trip as the script's last statements, before a COMMIT
   * it ends with.
   */
  public void runThenQuery(Connection c, String query, List<Object> params, Rows rows)
      throws SQLException {
    run(c, new Fragment(query, params, query.length()), rows);
  }

  private void run(Connection c, Fragment query, Rows rows) throws SQLException {
    if (dialect != Dialect.MYSQL) {
      for (Fragment f : fragments) {
        try (PreparedStatement ps = c.prepareStatement(f.sql())) {
          bind(ps, f.params(), 1);
          ps.execute();
        }
      }
      fragments.clear();
      if (query != null) {
        try (PreparedStatement ps = c.prepareStatement(query.sql())) {
          bind(ps, query.params(), 1);
          try (ResultSet rs = ps.executeQuery()) {
            rows.read(rs);
          }
        }
      }
      return;
    }
    List<Fragment> chunk = new ArrayList<>();
    long bytes = 0;
    for (Fragment f : fragments) {
      if (!chunk.isEmpty() && bytes + f.bytes() > MAX_BYTES) {
        runMulti(c, chunk, false, null);
        chunk.clear();
        bytes = 0;
      }
      chunk.add(f);
      bytes += f.bytes();
    }
    if (query != null) {
      chunk.add(query);
    }
    runMulti(c, chunk, commit, rows);
    fragments.clear();
  }

  private static void runMulti(Connection c, List<Fragment> chunk, boolean commit, Rows rows)
      throws SQLException {
    if (chunk.isEmpty() && !commit) {
      return;
    }
    StringBuilder sql = new StringBuilder();
    for (Fragment f : chunk) {
      sql.append(f.sql()).append(";\n");
    }
    if (commit) {
      sql.append("COMMIT");
    }
    try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
      int i = 1;
      for (Fragment f : chunk) {
        i = bind(ps, f.params(), i);
      }
      // Every result is drained so an error in a later statement surfaces here, not on the next
      // use; the one result set is the closing query's.
      boolean isRows = ps.execute();
      while (true) {
        if (isRows) {
          try (ResultSet rs = ps.getResultSet()) {
            if (rows == null) {
              throw new SQLException("a script without a query returned rows");
            }
            rows.read(rs);
          }
        } else if (ps.getUpdateCount() == -1) {
          break;
        }
        isRows = ps.getMoreResults();
      }
    }
  }

  private static int bind(PreparedStatement ps, List<Object> params, int start)
      throws SQLException {
    int i = start;
    for (Object p : params) {
      if (p instanceof Null n) {
        ps.setNull(i, n.sqlType());
      } else if (p instanceof String s) {
        ps.setString(i, s);
      } else if (p instanceof Long l) {
        ps.setLong(i, l);
      } else if (p instanceof Integer n) {
        ps.setInt(i, n);
      } else if (p instanceof Double d) {
        ps.setDouble(i, d);
      } else if (p instanceof Boolean b) {
        ps.setBoolean(i, b);
      } else {
        throw new IllegalArgumentException("cannot bind " + p.getClass());
      }
      i++;
    }
    return i;
  }
}
