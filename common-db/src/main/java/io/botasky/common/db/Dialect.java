package io.botasky.common.db;

/**
 * The SQL engines Botasky runs on. Everything portable is written once; this seam holds only what
 * must differ between them.
 */
public enum Dialect {
  /** MySQL 8 or MariaDB 10.6+ through Connector/J. */
  MYSQL(
      "ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin",
      "CHARACTER SET ascii COLLATE ascii_bin",
      "classpath:db/migration-mysql"),
  /** The embedded H2 file database in MySQL mode. */
  H2("", "", "classpath:db/migration-h2");

  private final String tableOptions;
  private final String ascii;
  private final String ownMigrations;

  Dialect(String tableOptions, String ascii, String ownMigrations) {
    this.tableOptions = tableOptions;
    this.ascii = ascii;
    this.ownMigrations = ownMigrations;
  }

  /**
   * Where Flyway finds this engine's migrations: the shared ones, then this engine's own (versions
   * between the shared ones, e.g. V1_1), for what one engine needs and the other must not get.
   */
  public String[] migrationLocations() {
    return new String[] {"classpath:db/migration", ownMigrations};
  }

  /** Column attribute for keys that are hex or UUID text. */
  public String ascii() {
    return ascii;
  }

  public static Dialect of(String jdbcUrl) {
    if (jdbcUrl.startsWith("jdbc:h2:")) {
      return H2;
    }
    if (jdbcUrl.startsWith("jdbc:mysql:") || jdbcUrl.startsWith("jdbc:mariadb:")) {
      return MYSQL;
    }
    throw new IllegalArgumentException(
        "unsupported database URL (expected jdbc:mysql://…): " + jdbcUrl);
  }

  /** Appended to CREATE TABLE by the migrations. */
  public String tableOptions() {
    return tableOptions;
  }

  /**
   * Whether {@code SELECT … FOR UPDATE SKIP LOCKED} really skips (H2 parses it but locks every
   * row).
   */
  public boolean skipLocked() {
    return this == MYSQL;
  }
}
