package io.botasky.common.db;

import java.util.Map;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/** Creates and upgrades the schema at start. Safe when two daemons start at once (Flyway locks). */
public final class Migrations {
  private Migrations() {}

  /** Applies pending migrations; returns how many were applied. */
  public static int migrate(DataSource ds, Dialect dialect) {
    return Flyway.configure()
        .dataSource(ds)
        .locations(dialect.migrationLocations())
        .placeholders(Map.of("table_options", dialect.tableOptions(), "ascii", dialect.ascii()))
        .connectRetries(0)
        .load()
        .migrate()
        .migrationsExecuted;
  }
}
