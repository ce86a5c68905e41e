package io.botasky.collector.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.botasky.common.db.DataSources;
import io.botasky.common.db.Migrations;
import io.botasky.common.testkit.MutableClock;
import io.botasky.common.testkit.TestDatabase;
import io.botasky.common.wire.LogLine;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class RetentionTest {
  @TempDir Path tmp;

  @ParameterizedTest
  @EnumSource(TestDatabase.Engine.class)
  void deletesOldSamplesAndOldResolvedAlertsOnly(TestDatabase.Engine engine) throws Exception {
    Instant now = Instant.parse("2026-11-21T10:00:00Z");
    long day = Duration.ofDays(1).toMillis();
    long t = now.toEpochMilli();
    try (TestDatabase db = TestDatabase.create(engine, tmp);
        HikariDataSource ds = DataSources.open(db.settings(), "t")) {
      Migrations.migrate(ds, db.settings().dialect());
      try (Connection c = ds.getConnection();
          Statement s = c.createStatement()) {
        StringBuilder sql =
            new StringBuilder("INSERT INTO samples (host, metric, ts, `value`) VALUES ");
        for (int i = 0; i < 12_000; i++) {
          sql.append(i == 0 ? "" : ",")
              .append("('pi3', 'cpu.usage', ")
              .append(t - (i < 11_000 ? 20 * day : day))
              .append(", 1)");
        }
        s.executeUpdate(sql.toString());
        s.executeUpdate(
            "INSERT INTO metric_batches (batch_id, host, samples, received_at) VALUES ('old',"
                + " 'pi3', 1, "
                + (t - 20 * day)
                + "), ('new', 'pi3', 1, "
                + t
                + ")");
        String cols =
            "(open_key, host, resource, instance, `check`, severity, state, summary, first_seen,"
                + " last_seen, occurrences, resolved_at, updated_at)";
        s.executeUpdate(
            "INSERT INTO alerts "
                + cols
                + " VALUES (NULL, 'pi3', 'system', '', 'cpu_usage', 'warning', 'resolved', 'old',"
                + " 1, 1, 1, "
                + (t - 200 * day)
                + ", 1)");
        s.executeUpdate(
            "INSERT INTO alerts "
                + cols
                + " VALUES (NULL, 'pi3', 'system', '', 'mem_usage', 'warning', 'resolved',"
                + " 'recent', 1, 1, 1, "
                + (t - day)
                + ", 1)");
        s.executeUpdate(
            "INSERT INTO alerts "
                + cols
                + " VALUES ('k', 'pi3', 'system', '', 'disk_usage', 'warning', 'firing', 'open', 1,"
                + " 1, 1, NULL, 1)");
      }
      new Retention(ds, new MutableClock(now), Duration.ofDays(14), Duration.ofDays(180)).run();
      try (Connection c = ds.getConnection();
          Statement s = c.createStatement()) {
        assertThat(count(s, "SELECT COUNT(*) FROM samples")).isEqualTo(1000);
        assertThat(count(s, "SELECT COUNT(*) FROM metric_batches")).isEqualTo(1);
        assertThat(count(s, "SELECT COUNT(*) FROM alerts")).isEqualTo(2);
        assertThat(count(s, "SELECT COUNT(*) FROM alerts WHERE summary = 'old'")).isZero();
      }
    }
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.Engine.class)
  void deletesActionsFinishedLongerAgoThanRetentionAlerts(TestDatabase.Engine engine)
      throws Exception {
    Instant now = Instant.parse("2026-11-21T10:00:00Z");
    long day = Duration.ofDays(1).toMillis();
    long t = now.toEpochMilli();
    try (TestDatabase db = TestDatabase.create(engine, tmp);
        HikariDataSource ds = DataSources.open(db.settings(), "t")) {
      Migrations.migrate(ds, db.settings().dialect());
      ActionStore store = new ActionStore(ds);
      store.insert(action("00000000-0000-0000-0000-000000000001", "6379", "failed", t - 200 * day));
      store.insert(action("00000000-0000-0000-0000-000000000002", "6380", "succeeded", t - day));
      // Pending for long (the expiry's business, not retention's): kept.
      store.insert(action("00000000-0000-0000-0000-000000000003", "6381", "pending", null));
      new Retention(ds, new MutableClock(now), Duration.ofDays(14), Duration.ofDays(180)).run();
      try (Connection c = ds.getConnection();
          Statement s = c.createStatement()) {
        assertThat(count(s, "SELECT COUNT(*) FROM actions")).isEqualTo(2);
        assertThat(count(s, "SELECT COUNT(*) FROM actions WHERE instance = '6379'")).isZero();
      }
    }
  }

  private static ActionStore.ActionRow action(
      String uuid, String instance, String state, Long finished) {
    return new ActionStore.ActionRow(
        0, uuid, "pi3", "redis", instance, "restart", "alice", null, state, null, 1, null, finished,
        null, null, null, "api");
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.Engine.class)
  void deletesLogLinesReceivedLongerAgoThanRetentionLogs(TestDatabase.Engine engine)
      throws Exception {
    Instant now = Instant.parse("2026-11-21T10:00:00Z");
    long day = Duration.ofDays(1).toMillis();
    long t = now.toEpochMilli();
    try (TestDatabase db = TestDatabase.create(engine, tmp);
        HikariDataSource ds = DataSources.open(db.settings(), "t")) {
      Migrations.migrate(ds, db.settings().dialect());
      LogStore store = new LogStore(ds);
      LogLine line = new LogLine("app", "error", t - 30 * day, "ERROR");
      store.store("pi3", "old-batch", java.util.List.of(line, line), t - 8 * day);
      store.store("pi3", "new-batch", java.util.List.of(line), t - 6 * day);
      new Retention(
              ds,
              new MutableClock(now),
              Duration.ofDays(14),
              Duration.ofDays(180),
              Duration.ofDays(7))
          .run();
      try (Connection c = ds.getConnection();
          Statement s = c.createStatement()) {
        assertThat(count(s, "SELECT COUNT(*) FROM log_lines")).isEqualTo(1);
        assertThat(count(s, "SELECT COUNT(*) FROM log_batches")).isEqualTo(1);
        assertThat(count(s, "SELECT COUNT(*) FROM log_batches WHERE batch_id = 'new-batch'"))
            .isEqualTo(1);
      }
    }
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.Engine.class)
  void forgetsHostsSilentLongerThanRetentionAlertsUnlessConfigured(TestDatabase.Engine engine)
      throws Exception {
    MutableClock clock = new MutableClock(Instant.parse("2026-11-21T10:00:00Z"));
    long t = clock.millis();
    long day = Duration.ofDays(1).toMillis();
    try (TestDatabase db = TestDatabase.create(engine, tmp);
        HikariDataSource ds = DataSources.open(db.settings(), "t")) {
      Migrations.migrate(ds, db.settings().dialect());
      try (Connection c = ds.getConnection();
          Statement s = c.createStatement()) {
        for (String host : java.util.List.of("gone", "kept", "recent")) {
          long seen = host.equals("recent") ? t - day : t - 10 * day;
          s.executeUpdate(
              "INSERT INTO hosts (host, first_seen, last_seen, services_hash, checks) VALUES ('"
                  + host
                  + "', 1, "
                  + seen
                  + ", '0000000000000001', '1')");
          s.executeUpdate(
              "INSERT INTO services (host, resource, instance, grp, agent_state, summary,"
                  + " interval_s, actions, protected, pos, last_check, first_seen, state, since)"
                  + " VALUES ('"
                  + host
                  + "', 'redis', '6379', '', 'ok', '', 60, '', FALSE, 0, 1, 1, 'ok', 1)");
        }
      }
      java.util.List<String> forgotten = new java.util.ArrayList<>();
      Retention r =
          new Retention(
              ds,
              clock,
              Duration.ofDays(14),
              Duration.ofDays(9),
              Duration.ofDays(7),
              java.util.Set.of("kept"),
              forgotten::add);
      clock.tick(Duration.ofDays(-2));
      r.run();
      assertThat(forgotten).isEmpty();
      clock.tick(Duration.ofDays(2));
      r.run();
      assertThat(forgotten).containsExactly("gone");
      try (Connection c = ds.getConnection();
          Statement s = c.createStatement()) {
        assertThat(count(s, "SELECT COUNT(*) FROM hosts WHERE host = 'gone'")).isZero();
        assertThat(count(s, "SELECT COUNT(*) FROM services WHERE host = 'gone'")).isZero();
        assertThat(count(s, "SELECT COUNT(*) FROM hosts")).isEqualTo(2);
        assertThat(count(s, "SELECT COUNT(*) FROM services")).isEqualTo(2);
      }
    }
  }

  private static long count(Statement s, String sql) throws Exception {
    try (ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /**
   * One-click ack links (docs/notifier.md): a used token id goes once its link expired; a retired
   * key once every link it signed expired (24 h and a minute after its retirement); the current key
   * stays however old.
   */
  @ParameterizedTest
  @EnumSource(TestDatabase.Engine.class)
  void deletesExpiredAckLinkUsesAndLongRetiredKeys(TestDatabase.Engine engine) throws Exception {
    Instant t0 = Instant.parse("2026-11-21T10:00:00Z");
    MutableClock clock = new MutableClock(t0);
    try (TestDatabase db = TestDatabase.create(engine, tmp);
        HikariDataSource ds = DataSources.open(db.settings(), "t")) {
      Migrations.migrate(ds, db.settings().dialect());
      AckLinkStore links = new AckLinkStore(ds, clock, new java.security.SecureRandom());
      assertThat(links.ensureKey()).isTrue();
      assertThat(links.ensureKey()).isFalse();
      long expires = t0.plus(Duration.ofHours(24)).toEpochMilli();
      assertThat(links.claim("AAAAAAAAAAAAAAAAAAAAAA", 1, "ops@example.com", expires)).isTrue();
      assertThat(links.claim("AAAAAAAAAAAAAAAAAAAAAA", 1, "ops@example.com", expires)).isFalse();
      assertThat(links.claim("BBBBBBBBBBBBBBBBBBBBBB", 1, "ops@example.com", expires + 60_000))
          .isTrue();
      links.rotate(); // the first key retired at t0

      clock.set(t0.plus(Duration.ofHours(24)).plusSeconds(30));
      new Retention(ds, clock, Duration.ofDays(14), Duration.ofDays(180)).run();
      assertThat(count(ds, "SELECT COUNT(*) FROM ack_link_uses")).isEqualTo(1);
      assertThat(count(ds, "SELECT COUNT(*) FROM ack_link_keys")).isEqualTo(2);

      clock.set(t0.plus(Duration.ofHours(24)).plusSeconds(61));
      new Retention(ds, clock, Duration.ofDays(14), Duration.ofDays(180)).run();
      assertThat(count(ds, "SELECT COUNT(*) FROM ack_link_uses")).isZero();
      assertThat(count(ds, "SELECT COUNT(*) FROM ack_link_keys")).isEqualTo(1);
      assertThat(links.keys()).hasSize(1).allMatch(k -> k.retiredAt() == null);
    }
  }

  private static long count(HikariDataSource ds, String sql) throws Exception {
    try (Connection c = ds.getConnection();
        Statement s = c.createStatement()) {
      return count(s, sql);
    }
  }
}
