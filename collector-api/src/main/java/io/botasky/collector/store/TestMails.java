package io.botasky.collector.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Test-mail requests ({@code test_mails}, written here only) and how far boird got with each, read
 * from the ledger row boird writes when it takes one (docs/notifier.md, "Test mails").
 */
public final class TestMails {
  private final DataSource ds;

  public TestMails(DataSource ds) {
    this.ds = ds;
  }

  /** Records a request for boird; returns its id. */
  public long request(String address, long now, long expiresAt) throws SQLException {
    try (Connection c = ds.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO test_mails (address, requested_at, expires_at) VALUES (?, ?, ?)",
                Statement.RETURN_GENERATED_KEYS)) {
      ps.setString(1, address);
      ps.setLong(2, now);
      ps.setLong(3, expiresAt);
      ps.executeUpdate();
      try (ResultSet keys = ps.getGeneratedKeys()) {
        keys.next();
        return keys.getLong(1);
      }
    }
  }

  /**
   * A request as {@code GET /api/v1/test-mail/{id}} shows it: {@code pending} until boird takes it
   * and while its ledger row is pending, then that row's {@code sent} or {@code failed}; {@code
   * expired} when no boird took it before {@code expires_at}.
   */
  public Optional<Map<String, Object>> find(long id, long now) throws SQLException {
    try (Connection c = ds.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT r.id, r.address, r.requested_at, r.expires_at, n.id, n.status, n.attempts,"
                    + " n.last_error, n.sent_at FROM test_mails r LEFT JOIN notifications n ON"
                    + " n.test_mail_id = r.id WHERE r.id = ?")) {
      ps.setLong(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        long expiresAt = rs.getLong(4);
        long ledgerId = rs.getLong(5);
        boolean taken = !rs.wasNull();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", rs.getLong(1));
        m.put("to", rs.getString(2));
        m.put("status", taken ? rs.getString(6) : now < expiresAt ? "pending" : "expired");
        m.put("requested_at", Times.rfc3339(rs.getLong(3)));
        m.put("expires_at", Times.rfc3339(expiresAt));
        m.put("notification_id", taken ? ledgerId : null);
        m.put("attempts", taken ? rs.getInt(7) : 0);
        m.put("last_error", taken ? rs.getString(8) : null);
        long sentAt = rs.getLong(9);
        m.put("sent_at", rs.wasNull() ? null : Times.rfc3339(sentAt));
        return Optional.of(m);
      }
    }
  }
}
