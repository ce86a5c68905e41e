package io.botasky.collector.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.zaxxer.hikari.HikariDataSource;
import io.botasky.common.db.DataSources;
import io.botasky.common.testkit.TestDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A script that fails part-way leaves nothing behind once rolled back — the driver option
 * useLocalTransactionState once skipped that ROLLBACK after a multi-statement error.
 */
class SqlScriptTest {
  @TempDir Path tmp;

  @ParameterizedTest
  @EnumSource(TestDatabase.Engine.class)
  void aFailureInsideTheScriptRollsBackEverything(TestDatabase.Engine engine) throws Exception {
    try (TestDatabase db = TestDatabase.create(engine, tmp);
        HikariDataSource ds = DataSources.open(db.settings(), "t");
        Connection c = ds.getConnection()) {
      try (Statement s = c.createStatement()) {
        s.execute("CREATE TABLE t_a (id INT PRIMARY KEY, n INT, note VARCHAR(20))");
        s.execute("CREATE TABLE t_e (id INT PRIMARY KEY)");
        s.execute("INSERT INTO t_a VALUES (1, 0, NULL)");
        s.execute("INSERT INTO t_e VALUES (7)");
      }
      c.setAutoCommit(false);
      SqlScript script = new SqlScript(db.settings().dialect());
      script.add(
          "UPDATE t_a SET n = n + 1, note = ? WHERE id = ?",
          List.of(SqlScript.nullOf(Types.VARCHAR), 1));
      script.add("INSERT INTO t_e VALUES (?)", List.of(7));
      boolean committed = script.commitAtEnd();
      Throwable t = catchThrowable(() -> script.run(c));
      assertThat(t).isInstanceOf(SQLException.class);
      c.rollback();
      c.setAutoCommit(true);
      assertThat(n(c)).isZero();

      c.setAutoCommit(false);
      SqlScript ok = new SqlScript(db.settings().dialect());
      ok.add("UPDATE t_a SET n = n + 1, note = ? WHERE id = ?", List.of("x", 1));
      ok.add("INSERT INTO t_e VALUES (?)", List.of(8));
      if (!ok.commitAtEnd()) {
        ok.run(c);
        c.commit();
      } else {
        ok.run(c);
      }
      c.rollback();
      c.setAutoCommit(true);
      assertThat(n(c))
          .as("committed by the script itself (MySQL) or by the caller (H2)")
          .isEqualTo(1);
      assertThat(committed).isEqualTo(engine == TestDatabase.Engine.MARIADB);
    }
  }

  /** The closing query sees what the script wrote, and the COMMIT after it still runs. */
  @ParameterizedTest
  @EnumSource(TestDatabase.Engine.class)
  void aClosingQueryReadsWhatTheScriptWrote(TestDatabase.Engine engine) throws Exception {
    try (TestDatabase db = TestDatabase.create(engine, tmp);
        HikariDataSource ds = DataSources.open(db.settings(), "t");
        Connection c = ds.getConnection()) {
      try (Statement s = c.createStatement()) {
        s.execute("CREATE TABLE t_q (id INT PRIMARY KEY, note VARCHAR(20))");
      }
      c.setAutoCommit(false);
      SqlScript script = new SqlScript(db.settings().dialect());
      script.add("INSERT INTO t_q VALUES (?, ?), (?, ?)", List.of(1, "a", 2, "b"));
      script.add("UPDATE t_q SET note = ? WHERE id = ?", List.of("c", 2));
      boolean committed = script.commitAtEnd();
      List<String> seen = new java.util.ArrayList<>();
      script.runThenQuery(
          c,
          "SELECT note FROM t_q WHERE id IN (?, ?) ORDER BY id",
          List.of(1, 2),
          rs -> {
            while (rs.next()) {
              seen.add(rs.getString(1));
            }
          });
      if (!committed) {
        c.commit();
      }
      c.rollback();
      c.setAutoCommit(true);
      assertThat(seen).containsExactly("a", "c");
      try (Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM t_q")) {
        rs.next();
        assertThat(rs.getInt(1)).as("committed").isEqualTo(2);
      }
    }
  }

  private static int n(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT n FROM t_a WHERE id = 1")) {
      rs.next();
      return rs.getInt(1);
    }
  }
}
