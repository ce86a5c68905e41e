package io.botasky.notifier.store;

import io.botasky.common.db.Dialect;
import io.botasky.common.db.Migrations;
import java.util.Map;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * Creates the shared schema (if the collector has not yet) and the notifier's own tables. The
 * notifier's migrations keep their own history table, so the shared schema's versions stay the
 * collector's business.
 */
public final class NotifierSchema {
  private NotifierSchema() {}

  public static void migrate(DataSource ds, Dialect dialect) {
    Migrations.migrate(ds, dialect);
    Flyway.configure()
        .dataSource(ds)
        .locations("classpath:db/notifier")
        .table("boird_schema_history")
        // The schema already holds the shared tables: start this history at 0, then apply V1.
        .baselineOnMigrate(true)
        .baselineVersion("0")
        .placeholders(Map.of("table_options", dialect.tableOptions()))
        .connectRetries(0)
        .load()
        .migrate();
  }
}
