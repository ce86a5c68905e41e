package io.botasky.common.testkit;

import io.botasky.common.db.DbSettings;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;

/**
 * A throwaway database for one test class: a fresh schema on the local MariaDB (or the server named
 * by {@code -Dbotasky.test.mysql=jdbc:mysql://host:port}) or an embedded H2 file under a temp dir.
 */
public final class TestDatabase implements AutoCloseable {
  /** Engines the same test runs against. */
  public enum Engine {
    MARIADB,
    H2
  }

  private final Engine engine;
  private final String name;
  private final DbSettings settings;
  private final String serverUrl;

  private TestDatabase(Engine engine, String name, DbSettings settings, String serverUrl) {
    this.engine = engine;
    this.name = name;
    this.settings = settings;
    this.serverUrl = serverUrl;
  }

  public static String mysqlServerUrl() {
    return System.getProperty("botasky.test.mysql", "jdbc:mysql://127.0.0.1:3306");
  }

  public static String mysqlUser() {
    return System.getProperty("botasky.test.mysql.user", "root");
  }

  public static String mysqlPassword() {
    return System.getProperty("botasky.test.mysql.password", "");
  }

  /** Creates a new empty database of the given engine. */
  public static TestDatabase create(Engine engine, Path tempDir) throws SQLException {
    String name = "botasky_t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    if (engine == Engine.H2) {
      return new TestDatabase(
          engine, name, new DbSettings("", "", "", 8, tempDir.resolve(name), Duration.ofSeconds(2)), null);
    }
    String server = mysqlServerUrl();
    try (Connection c = DriverManager.getConnection(server + "/", mysqlUser(), mysqlPassword());
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name + " CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");
    }
    return new TestDatabase(
        engine,
        name,
        new DbSettings(server + "/" + name, mysqlUser(), mysqlPassword(), 8, tempDir.resolve(name), Duration.ofSeconds(2)),
        server);
  }

  public Engine engine() {
    return engine;
  }

  public DbSettings settings() {
    return settings;
  }

  /** The settings with another pool size. */
  public DbSettings settings(int poolSize) {
    return new DbSettings(settings.url(), settings.user(), settings.password(), poolSize, settings.dataDir(), settings.connectTimeout());
  }

  public String name() {
    return name;
  }

  @Override
  public void close() throws SQLException {
    if (serverUrl != null) {
      try (Connection c = DriverManager.getConnection(serverUrl + "/", mysqlUser(), mysqlPassword());
          Statement s = c.createStatement()) {
        s.execute("DROP DATABASE IF EXISTS " + name);
      }
    }
  }
}
