package io.botasky.collector;

import io.botasky.collector.ingest.DatabaseHealth;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every two seconds once started: is the database valid? Marks {@link DatabaseHealth} up or down
 * (ingest answers 503 while it is down) and logs each change once.
 */
final class DatabaseMonitor implements Runnable {
  private static final Logger log = LoggerFactory.getLogger("pihealthd");

  private final DataSource ds;
  private final DatabaseHealth health;
  private final String database;

  /** {@code database} describes it for the log, never with its password. */
  DatabaseMonitor(DataSource ds, DatabaseHealth health, String database) {
    this.ds = ds;
    this.health = health;
    this.database = database;
  }

  @Override
  public void run() {
    try (Connection c = ds.getConnection()) {
      if (c.isValid(2)) {
        if (health.markUp()) {
          log.info("database: {} available again", database);
        }
        return;
      }
      markDown("connection not valid");
    } catch (SQLException | RuntimeException e) {
      markDown(DatabaseBootstrap.rootMessage(e));
    }
  }

  private void markDown(String why) {
    if (health.markDown(why)) {
      log.error("database: {} unavailable, answering 503 until it returns: {}", database, why);
    }
  }
}
