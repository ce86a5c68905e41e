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
  private final String user;
  private final String password;

  private TestDatabase(Engine engine, String name, DbSettings settings, String serverUrl) {
    this(engine, name, settings, serverUrl, mysqlUser(), mysqlPassword());
  }

  private TestDatabase(
      Engine engine,
      String name,
      DbSettings settings,
      String serverUrl,
      String user,
      String password) {
    this.engine = engine;
    this.name = name;
    this.settings = settings;
    this.serverUrl = serverUrl;
    this.user = user;
    this.password = password;
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
    String name = newName();
    if (engine == Engine.H2) {
      return new TestDatabase(
          engine,
          name,
          new DbSettings("", "", "", 8, tempDir.resolve(name), Duration.ofSeconds(2)),
          null);
    }
    return createOn(mysqlServerUrl(), mysqlUser(), mysqlPassword(), tempDir);
  }

  /**
   * A new database on any MySQL or MariaDB server, e.g. a Testcontainers MySQL 8 ({@code
   * jdbc:mysql://host:port}).
   */
  public static TestDatabase createOn(String server, String user, String password, Path tempDir)
      throws SQLException {
    String name = newName();
    try (Connection c = DriverManager.getConnection(server + "/", user, password);
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name + " CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");
    }
    return new TestDatabase(
        Engine.MARIADB,
        name,
        new DbSettings(
            server + "/" + name, user, password, 8, tempDir.resolve(name), Duration.ofSeconds(2)),
        server,
        user,
        password);
  }

  private static String newName() {
    return "botasky_t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  }

  public Engine engine() {
    return engine;
  }

  public DbSettings settings() {
    return settings;
  }

  /** The settings with another pool size. */
  public DbSettings settings(int poolSize) {
    return new DbSettings(
        settings.url(),
        settings.user(),
        settings.password(),
        poolSize,
        settings.dataDir(),
        settings.connectTimeout());
  }

  public String name() {
    return name;
  }

  @Override
  public void close() throws SQLException {
    if (serverUrl != null) {
      try (Connection c = DriverManager.getConnection(serverUrl + "/", user, password);
          Statement s = c.createStatement()) {
        s.execute("DROP DATABASE IF EXISTS " + name);
      }
    }
  }
}
