package io.botasky.collector.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.botasky.collector.store.AlertQueries;
import io.botasky.collector.store.LogStore;
import io.botasky.common.db.DataSources;
import io.botasky.common.db.Migrations;
import io.botasky.common.testkit.MutableClock;
import io.botasky.common.testkit.TestDatabase;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The collector's own lines: kept while the database is down or failing, stored once it is back,
 * bounded by the queue and the per-minute limit, with the loss reported in one more line.
 */
class OwnLinesTest {
  @TempDir Path tmp;
  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-21T10:00:00Z"));

  /** A data source that fails while {@code down} is set, else hands out real connections. */
  private static DataSource switchable(DataSource real, AtomicBoolean down) {
    return new DataSource() {
      @Override
      public Connection getConnection() throws SQLException {
        if (down.get()) {
          throw new SQLException("Connection refused", "08S01");
        }
        return real.getConnection();
      }

      @Override
      public Connection getConnection(String u, String p) throws SQLException {
        return getConnection();
      }

      @Override
      public PrintWriter getLogWriter() {
        return null;
      }

      @Override
      public void setLogWriter(PrintWriter out) {}

      @Override
      public void setLoginTimeout(int seconds) {}

      @Override
      public int getLoginTimeout() {
        return 0;
      }

      @Override
      public Logger getParentLogger() {
        return Logger.getGlobal();
      }

      @Override
      public <T> T unwrap(Class<T> iface) throws SQLException {
        throw new SQLException("no");
      }

      @Override
      public boolean isWrapperFor(Class<?> iface) {
        return false;
      }
    };
  }

  @Test
  void aDeadDatabaseLosesNothingWithinTheLimitsAndWhatDidNotFitIsReported() throws Exception {
    try (TestDatabase db = TestDatabase.create(TestDatabase.Engine.H2, tmp);
        var real = DataSources.open(db.settings(), "t")) {
      Migrations.migrate(real, db.settings().dialect());
      AtomicBoolean down = new AtomicBoolean(true);
      AtomicBoolean ready = new AtomicBoolean(false);
      DataSource ds = switchable(real, down);
      LogStore store = new LogStore(ds);
      try (EventFeed feed = new EventFeed(new AlertQueries(ds), clock)) {
        OwnLines own = new OwnLines(store, "master1", "pihealthd", feed, ready::get, clock);
        for (int i = 0; i < OwnLines.CAPACITY + 5; i++) {
          own.offer(clock.millis(), "error", "ingest: line " + i);
        }
        own.run(); // not ready: nothing tried
        ready.set(true);
        own.run(); // ready but failing: kept, no exception
        down.set(false);
        for (int i = 0; i < 4; i++) {
          own.run();
        }
        LogStore read = new LogStore(real);
        assertThat(read.list("master1", "pihealthd", "error", null, 1000))
            .as("at most PER_MINUTE a minute")
            .hasSize(OwnLines.PER_MINUTE);
        assertThat(read.list(null, null, "error", null, 1000))
            .extracting(l -> l.line().line())
            .contains("ingest: line 0", "ingest: line " + (OwnLines.PER_MINUTE - 1))
            .doesNotContain("ingest: line " + OwnLines.PER_MINUTE);
        clock.tick(java.time.Duration.ofMinutes(1));
        own.run();
        assertThat(read.list("master1", "pihealthd", "warning", null, 10))
            .singleElement()
            .satisfies(
                l ->
                    assertThat(l.line().line())
                        .startsWith("405 lines not kept for the log view")
                        .contains("limit 600 a minute", "pihealthd 400", "pihealthd queue 5"));
      }
    }
  }
}
