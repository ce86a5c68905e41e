package io.botasky.common.db;

import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;

/**
 * A child process for {@link EmbeddedH2Test}: opens the embedded database under {@code args[0]} the
 * way the daemons do, prints {@code ready}, and holds it open until its standard input closes.
 */
public final class EmbeddedH2Main {
  private EmbeddedH2Main() {}

  public static void main(String[] args) throws Exception {
    DbSettings s = new DbSettings("", "", "", 2, Path.of(args[0]), Duration.ofSeconds(2));
    try (HikariDataSource ds = DataSources.open(s, "child");
        Connection c = ds.getConnection();
        Statement st = c.createStatement()) {
      st.execute("CREATE TABLE IF NOT EXISTS t (x INT)");
      System.out.println("ready");
      System.out.flush();
      while (System.in.read() >= 0) {
        // hold the database open until the parent closes our stdin
      }
    }
  }
}
