package io.botasky.notifier.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.botasky.common.db.DataSources;
import io.botasky.common.testkit.TestDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * channel_failing takes the event path: an alert_events row per change, the collector's
 * transitions.
 */
class ChannelAlarmsTest {
  @TempDir Path tmp;

  @ParameterizedTest
  @EnumSource(TestDatabase.Engine.class)
  void raiseAndClearGoThroughAlertEvents(TestDatabase.Engine engine) throws Exception {
    try (TestDatabase db = TestDatabase.create(engine, tmp);
        HikariDataSource ds = DataSources.open(db.settings(), "test")) {
      NotifierSchema.migrate(ds, db.settings().dialect());
      AtomicInteger n = new AtomicInteger();
      ChannelAlarms alarms =
          new ChannelAlarms(
              "pi1", () -> String.format("00000000-0000-4000-8000-%012d", n.incrementAndGet()));
      Instant t0 = Instant.parse("2026-01-02T03:04:05Z");
      try (Connection c = ds.getConnection()) {
        c.setAutoCommit(true);
        assertThat(alarms.clear(c, "mail", t0)).as("nothing open to clear").isFalse();
        assertThat(alarms.raise(c, "mail", "connect timed out", t0)).isTrue();
        assertThat(alarms.raise(c, "mail", "connect timed out", t0.plusSeconds(1)))
            .as("already open")
            .isFalse();
        assertThat(c.getAutoCommit()).isTrue();
        assertThat(
                text(
                    c,
                    "SELECT CONCAT(host, ' ', resource, ':', instance, ' ', `check`, ' ', severity,"
                        + " ' ', state) FROM alerts"))
            .isEqualTo("pi1 notifier:mail channel_failing warning firing");
        assertThat(text(c, "SELECT summary FROM alerts"))
            .isEqualTo(
                "notifier channel mail keeps failing; notifications go to the log: connect timed"
                    + " out");
        assertThat(
                count(
                    c,
                    "SELECT COUNT(*) FROM alert_events e JOIN alerts a ON a.id = e.alert_id WHERE"
                        + " e.state = 'firing' AND e.event_id ="
                        + " '00000000-0000-4000-8000-000000000001'"))
            .isEqualTo(1);

        assertThat(alarms.clear(c, "mail", t0.plusSeconds(60))).isTrue();
        assertThat(alarms.clear(c, "mail", t0.plusSeconds(61))).isFalse();
        assertThat(
                text(
                    c,
                    "SELECT CONCAT(state, ' ', resolved_at, ' ', COALESCE(open_key, '-')) FROM"
                        + " alerts"))
            .isEqualTo("resolved " + t0.plusSeconds(60).toEpochMilli() + " -");
        assertThat(
                count(
                    c,
                    "SELECT COUNT(*) FROM alert_events e JOIN alerts a ON a.id = e.alert_id WHERE"
                        + " e.state = 'resolved'"))
            .isEqualTo(1);
        assertThat(count(c, "SELECT COUNT(*) FROM alert_events")).isEqualTo(2);

        // A new failure opens a new alert, as for any check.
        assertThat(alarms.raise(c, "mail", "421 busy", t0.plusSeconds(120))).isTrue();
        assertThat(count(c, "SELECT COUNT(*) FROM alerts")).isEqualTo(2);
        assertThat(count(c, "SELECT COUNT(*) FROM alert_events")).isEqualTo(3);
      }
    }
  }

  private static long count(Connection c, String sql) throws Exception {
    return Long.parseLong(text(c, sql));
  }

  private static String text(Connection c, String sql) throws Exception {
    try (PreparedStatement ps = c.prepareStatement(sql);
        ResultSet rs = ps.executeQuery()) {
      assertThat(rs.next()).isTrue();
      return rs.getString(1);
    }
  }
}
