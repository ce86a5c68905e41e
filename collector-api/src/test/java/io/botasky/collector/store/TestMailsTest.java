package io.botasky.collector.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import io.botasky.common.db.DataSources;
import io.botasky.common.db.Migrations;
import io.botasky.common.testkit.TestDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class TestMailsTest {
  @TempDir Path tmp;

  /** What the API shows follows the request's age and the ledger row boird writes for it. */
  @ParameterizedTest
  @EnumSource(TestDatabase.Engine.class)
  void statusIsPendingExpiredOrTheLedgerRows(TestDatabase.Engine engine) throws Exception {
    try (TestDatabase db = TestDatabase.create(engine, tmp);
        HikariDataSource ds = DataSources.open(db.settings(), "t")) {
      Migrations.migrate(ds, db.settings().dialect());
      TestMails mails = new TestMails(ds);
      long id = mails.request("ops@example.com", 1_000, 5_000);
      Map<String, Object> waiting = mails.find(id, 4_999).orElseThrow();
      assertThat(waiting)
          .containsEntry("status", "pending")
          .containsEntry("to", "ops@example.com")
          .containsEntry("notification_id", null);
      assertThat(mails.find(id, 5_000).orElseThrow()).containsEntry("status", "expired");
      assertThat(mails.find(id + 1, 0)).isEmpty();

      try (Connection c = ds.getConnection();
          Statement s = c.createStatement()) {
        s.executeUpdate(ledgerRow(id, "sent"));
        // The link is unique: a second boird cannot take the same request.
        assertThatThrownBy(() -> s.executeUpdate(ledgerRow(id, "pending")))
            .isInstanceOf(SQLException.class);
        // Rows of alerts (no request) do not collide with each other.
        s.executeUpdate(ledgerRow(null, "pending"));
        s.executeUpdate(ledgerRow(null, "pending"));
      }
      // Taken, even past expires_at: the ledger row's status wins.
      assertThat(mails.find(id, 9_000).orElseThrow())
          .containsEntry("status", "sent")
          .containsEntry("attempts", 1)
          .containsEntry("sent_at", "1970-01-01T00:00:04Z");
    }
  }

  private static String ledgerRow(Long testMailId, String status) {
    return "INSERT INTO notifications (alert_id, step, channel, target, status, attempts,"
        + " created_at, due_at, sent_at, test_mail_id) VALUES (0, 0, 'mail', 'ops@example.com', '"
        + status
        + "', 1, 2000, 2000, 4000, "
        + testMailId
        + ")";
  }
}
