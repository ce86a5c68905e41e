package io.botasky.common.db;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.botasky.common.testkit.TestDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class MigrationsTest {
  @TempDir Path tmp;

  @ParameterizedTest
  @EnumSource(TestDatabase.Engine.class)
  void createsSchemaOnceAndKeepsUnicodeVerbatim(TestDatabase.Engine engine) throws Exception {
    try (TestDatabase db = TestDatabase.create(engine, tmp);
        HikariDataSource ds = DataSources.open(db.settings(), "test")) {
      // The shared V1, V2 (test mails), V2_13 (the log view), V2_14 (the service inventory) and
      // V2_15 (controlled actions), V2_16 (the watch lease), V2_16_5 (the peer polling's
      // indexes), V2_18_1 (ack expiry), V2_18_2 (maintenance windows), V2_18_3 (one-click ack
      // links), V2_18_4 (open alerts by check), the engine's own V1_1 (lengths in code points) and,
      // on H2, V2_13_1, V2_14_1 and
      // V2_15_1 (the later tables' lengths in code points).
      assertThat(Migrations.migrate(ds, db.settings().dialect()))
          .isEqualTo(engine == TestDatabase.Engine.H2 ? 15 : 12);
      assertThat(Migrations.migrate(ds, db.settings().dialect())).isZero();
      String tricky = "pi-π-树莓派 '); DROP TABLE alerts; -- \uD83D\uDE00";
      try (Connection c = ds.getConnection()) {
        try (PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO hosts (host, first_seen, last_seen) VALUES (?, 1, 2)")) {
          ps.setString(1, tricky);
          ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT host FROM hosts");
            ResultSet rs = ps.executeQuery()) {
          assertThat(rs.next()).isTrue();
          assertThat(rs.getString(1)).isEqualTo(tricky);
        }
      }
    }
  }

  /**
   * The API counts characters as code points. Every value it lets through must fit: 512 emoji in a
   * summary (1,024 UTF-16 units, which H2 counts), a 255-emoji host, and a sysinfo of 65,536 UTF-16
   * units of emoji (128 KiB in UTF-8, past MariaDB's TEXT).
   */
  @ParameterizedTest
  @EnumSource(TestDatabase.Engine.class)
  void everyValueValidationAcceptsFitsItsColumn(TestDatabase.Engine engine) throws Exception {
    try (TestDatabase db = TestDatabase.create(engine, tmp);
        HikariDataSource ds = DataSources.open(db.settings(), "test")) {
      Migrations.migrate(ds, db.settings().dialect());
      String summary = "\uD83D\uDD25".repeat(512);
      String host = "\uD83C\uDF53".repeat(255);
      String sysinfo = "\uD83D\uDCBE".repeat(32_768);
      try (Connection c = ds.getConnection()) {
        try (PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO alert_events (event_id, host, resource, instance, `check`, state,"
                    + " severity, summary, observed_at, received_at) VALUES ('e', ?, 'r', ?, 'c',"
                    + " 'firing', 'critical', ?, 1, 1)")) {
          ps.setString(1, host);
          ps.setString(2, host);
          ps.setString(3, summary);
          ps.executeUpdate();
        }
        try (PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO hosts (host, first_seen, last_seen, sysinfo) VALUES (?, 1, 2, ?)")) {
          ps.setString(1, host);
          ps.setString(2, sysinfo);
          ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT summary, host FROM alert_events");
            ResultSet rs = ps.executeQuery()) {
          assertThat(rs.next()).isTrue();
          assertThat(rs.getString(1)).isEqualTo(summary);
          assertThat(rs.getString(2)).isEqualTo(host);
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT sysinfo FROM hosts");
            ResultSet rs = ps.executeQuery()) {
          assertThat(rs.next()).isTrue();
          assertThat(rs.getString(1)).isEqualTo(sysinfo);
        }
        // A log-view line of 8192 characters (LogLine.MAX_CHARS), all outside the BMP.
        String line = "\uD83D\uDCDC".repeat(8192);
        try (PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO log_lines (host, source, level, ts, received_at, line)"
                    + " VALUES (?, 'boagent', 'error', 1, 1, ?)")) {
          ps.setString(1, host);
          ps.setString(2, line);
          ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT line FROM log_lines");
            ResultSet rs = ps.executeQuery()) {
          assertThat(rs.next()).isTrue();
          assertThat(rs.getString(1)).isEqualTo(line);
        }
      }
    }
  }
}
