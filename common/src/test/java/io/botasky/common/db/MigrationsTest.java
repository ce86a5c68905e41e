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
      assertThat(Migrations.migrate(ds, db.settings().dialect())).isEqualTo(1);
      assertThat(Migrations.migrate(ds, db.settings().dialect())).isZero();
      String tricky = "pi-π-树莓派 '); DROP TABLE alerts; -- \uD83D\uDE00";
      try (Connection c = ds.getConnection()) {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO hosts (host, first_seen, last_seen) VALUES (?, 1, 2)")) {
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
}
