package io.botasky.collector.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.botasky.common.alert.AlertRow;
import io.botasky.common.alert.AlertRows;
import io.botasky.common.alert.AlertWrites;
import io.botasky.common.db.DataSources;
import io.botasky.common.db.Migrations;
import io.botasky.common.testkit.TestDatabase;
import io.botasky.common.wire.AlertState;
import io.botasky.common.wire.Severity;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The updates of a batch's existing alerts — on MySQL/MariaDB one {@code CASE} statement per chunk
 * of rows — leave every row exactly as written, with NULLs, quotes and resolves among them, across
 * a chunk boundary and a chunk of one, whether a row is written in full or only its changed columns
 * over the row as read.
 */
class AlertSqlUpdatesTest {
  @TempDir Path tmp;

  @ParameterizedTest
  @EnumSource(TestDatabase.Engine.class)
  void everyUpdatedRowHoldsWhatWasWritten(TestDatabase.Engine engine) throws Exception {
    int n = AlertSql.UPDATE_CHUNK + 1;
    try (TestDatabase db = TestDatabase.create(engine, tmp);
        HikariDataSource ds = DataSources.open(db.settings(), "t");
        Connection c = ds.getConnection()) {
      Migrations.migrate(ds, db.settings().dialect());
      List<AlertRow> opened = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        AlertRow r = open(i);
        opened.add(r.withId(AlertWrites.insert(c, r)));
      }
      List<AlertRow> updated = new ArrayList<>();
      boolean keptOne = false;
      for (int i = 0; i < n; i++) {
        AlertRow r = opened.get(i);
        // One row read and written unchanged: the statement leaves it as it is.
        boolean keep = !keptOne && r.id() % 2 == 0;
        keptOne |= keep;
        updated.add(keep ? r : changed(r, i));
      }

      c.setAutoCommit(false);
      SqlScript script = new SqlScript(db.settings().dialect());
      // Half the rows written over what is stored (only their changed columns), half in full.
      Map<Long, AlertRow> read = new HashMap<>();
      opened.stream().filter(r -> r.id() % 2 == 0).forEach(r -> read.put(r.id(), r));
      AlertSql.appendUpdates(script, updated, read);
      if (script.commitAtEnd()) {
        script.run(c);
      } else {
        script.run(c);
        c.commit();
      }
      c.setAutoCommit(true);

      Map<Long, AlertRow> stored = stored(c);
      assertThat(stored).hasSize(n);
      for (AlertRow want : updated) {
        assertThat(stored.get(want.id())).as("alert %d", want.id()).isEqualTo(want);
      }
    }
  }

  /** Every stored alert by id. */
  private static Map<Long, AlertRow> stored(Connection c) throws SQLException {
    Map<Long, AlertRow> stored = new HashMap<>();
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT " + AlertRows.COLUMNS + " FROM alerts")) {
      while (rs.next()) {
        AlertRow r = AlertRows.read(rs);
        stored.put(r.id(), r);
      }
    }
    return stored;
  }

  private static AlertRow open(int i) {
    return new AlertRow(
        0,
        String.format("%064x", i),
        "pi" + i,
        "system",
        "/",
        "cpu_usage",
        Severity.WARNING,
        AlertState.FIRING,
        "cpu at " + i,
        (double) i,
        90.0,
        null,
        1_000L,
        1_000L,
        1,
        null,
        null,
        null,
        null,
        1_000L,
        null,
        0,
        null);
  }

  /** Refreshes, resolves (open_key cleared), acks and raises, by the row's number. */
  private static AlertRow changed(AlertRow r, int i) {
    boolean resolve = i % 5 == 0;
    boolean ack = i % 3 == 0;
    return new AlertRow(
        r.id(),
        resolve ? null : r.openKey(),
        r.host(),
        r.resource(),
        r.instance(),
        r.check(),
        i % 4 == 0 ? Severity.CRITICAL : r.severity(),
        resolve ? AlertState.RESOLVED : ack ? AlertState.ACKED : r.state(),
        "it's \"quoted\" ünïcode; -- " + i,
        i % 7 == 0 ? null : i + 0.25,
        i % 2 == 0 ? null : 95.5,
        i % 6 == 0 ? "{\"k\":\"v" + i + "\"}" : null,
        r.firstSeen(),
        2_000L + i,
        r.occurrences() + i,
        ack ? "ops'" + i : null,
        ack ? 1_500L + i : null,
        ack ? "on it; DROP TABLE alerts" : null,
        resolve ? 2_100L + i : null,
        3_000L + i,
        ack ? 9_000L : null,
        i % 3,
        i % 9 == 0 ? 8_000L : null);
  }

  /**
   * The batch's updates, the new alerts' insert and the read of their ids go in one round trip: a
   * resolve earlier in it frees the open_key a new alert of the same fingerprint then takes, and
   * every provisional id maps to the row stored — an alert opened and resolved in the batch too.
   */
  @ParameterizedTest
  @EnumSource(TestDatabase.Engine.class)
  void newAlertsGetTheirIdsAfterTheUpdatesThatFreeTheirKeys(TestDatabase.Engine engine)
      throws Exception {
    try (TestDatabase db = TestDatabase.create(engine, tmp);
        HikariDataSource ds = DataSources.open(db.settings(), "t");
        Connection c = ds.getConnection()) {
      Migrations.migrate(ds, db.settings().dialect());
      AlertRow old = open(1);
      old = old.withId(AlertWrites.insert(c, old));
      AlertRow resolved = changed(old, 5); // 5: a resolve, open_key cleared
      assertThat(resolved.openKey()).isNull();
      AlertRow reopened = open(1).withId(-1); // the same open_key as the alert just resolved
      AlertRow fresh = open(2).withId(-2);
      AlertRow openedAndResolved = changed(open(3), 10).withId(-3);
      assertThat(openedAndResolved.openKey()).isNull();

      c.setAutoCommit(false);
      SqlScript script = new SqlScript(db.settings().dialect());
      AlertSql.appendUpdates(script, List.of(resolved), Map.of(old.id(), old));
      Map<Long, Long> ids =
          AlertSql.insertNew(c, script, List.of(reopened, fresh, openedAndResolved));
      c.commit();
      c.setAutoCommit(true);

      assertThat(ids).containsOnlyKeys(-1L, -2L, -3L);
      Map<Long, AlertRow> stored = stored(c);
      assertThat(stored).hasSize(4);
      assertThat(stored.get(old.id())).isEqualTo(resolved);
      assertThat(stored.get(ids.get(-1L))).isEqualTo(reopened.withId(ids.get(-1L)));
      assertThat(stored.get(ids.get(-2L))).isEqualTo(fresh.withId(ids.get(-2L)));
      assertThat(stored.get(ids.get(-3L))).isEqualTo(openedAndResolved.withId(ids.get(-3L)));
    }
  }
}
