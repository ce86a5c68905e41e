package io.botasky.notifier.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Takes the test-mail requests the collector records ({@code test_mails}) into the ledger: one
 * pending mail row per request (alert 0, step 0), which delivery then sends like any other. The
 * unique {@code notifications.test_mail_id} lets one instance take a request when several share the
 * database; a request past {@code expires_at} is left alone, so a boird that was down sends only
 * what is still wanted (docs/notifier.md, "Test mails").
 */
public final class TestMailRequests {
  private static final int BATCH = 100;

  /** Takes every open request; returns how many ledger rows this instance wrote. */
  public int take(Connection c, Instant now) throws SQLException {
    long t = now.toEpochMilli();
    record Open(long id, String address) {}
    List<Open> open = new ArrayList<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT r.id, r.address FROM test_mails r LEFT JOIN notifications n ON n.test_mail_id"
                + " = r.id WHERE n.id IS NULL AND r.expires_at > ? ORDER BY r.id LIMIT "
                + BATCH)) {
      ps.setLong(1, t);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          open.add(new Open(rs.getLong(1), rs.getString(2)));
        }
      }
    }
    int taken = 0;
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT IGNORE INTO notifications (alert_id, step, channel, target, status, attempts,"
                + " created_at, due_at, group_wait_ms, test_mail_id) VALUES (0, 0, 'mail', ?,"
                + " 'pending', 0, ?, ?, 0, ?)")) {
      for (Open o : open) {
        ps.setString(1, o.address());
        ps.setLong(2, t);
        ps.setLong(3, t);
        ps.setLong(4, o.id());
        // One statement per request: its count says whether this instance took it.
        taken += ps.executeUpdate();
      }
    }
    return taken;
  }
}
