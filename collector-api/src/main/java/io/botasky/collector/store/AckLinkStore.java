package io.botasky.collector.store;

import io.botasky.common.acklink.AckLinkKey;
import io.botasky.common.acklink.AckTokens;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The collector's tables of one-click ack links (docs/notifier.md, "One-click ack"): the signing
 * keys ({@code ack_link_keys}, which boird reads) and the used token ids ({@code ack_link_uses}).
 */
public final class AckLinkStore {
  /** A used link: who acked with it and when. */
  public record Use(String by, long at) {}

  /** What a rotation did. */
  public record Rotation(long keyId, int retired) {}

  private final DataSource ds;
  private final Clock clock;
  private final SecureRandom random;

  public AckLinkStore(DataSource ds, Clock clock, SecureRandom random) {
    this.ds = ds;
    this.clock = clock;
    this.random = random;
  }

  /**
   * Creates the first key when no key is current (the collector's first start). Two collectors
   * starting at once may both create one: the newest signs and both verify, so that is harmless.
   *
   * @return whether a key was created
   */
  public boolean ensureKey() throws SQLException {
    try (Connection c = ds.getConnection();
        PreparedStatement ps =
            c.prepareStatement("SELECT COUNT(*) FROM ack_link_keys WHERE retired_at IS NULL");
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      if (rs.getLong(1) > 0) {
        return false;
      }
      insertKey(c, clock.millis());
      return true;
    }
  }

  /** A new signing key; every other current key is retired now (it verifies for 24 h more). */
  public Rotation rotate() throws SQLException {
    long now = clock.millis();
    try (Connection c = ds.getConnection()) {
      c.setAutoCommit(false);
      try {
        long id = insertKey(c, now);
        int retired;
        try (PreparedStatement ps =
            c.prepareStatement(
                "UPDATE ack_link_keys SET retired_at = ? WHERE retired_at IS NULL AND id <> ?")) {
          ps.setLong(1, now);
          ps.setLong(2, id);
          retired = ps.executeUpdate();
        }
        c.commit();
        return new Rotation(id, retired);
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      } finally {
        c.setAutoCommit(true);
      }
    }
  }

  /**
   * Every key that may still verify a link: current ones, and retired ones whose links may not have
   * expired yet.
   */
  public List<AckLinkKey> keys() throws SQLException {
    long oldest =
        clock.millis() - AckTokens.LIFETIME.toMillis() - AckTokens.ROTATION_GRACE.toMillis();
    List<AckLinkKey> out = new ArrayList<>();
    try (Connection c = ds.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT id, secret, created_at, retired_at FROM ack_link_keys"
                    + " WHERE retired_at IS NULL OR retired_at >= ?")) {
      ps.setLong(1, oldest);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          long retired = rs.getLong(4);
          Long retiredAt = rs.wasNull() ? null : retired;
          out.add(
              new AckLinkKey(
                  rs.getLong(1),
                  Base64.getDecoder().decode(rs.getString(2)),
                  rs.getLong(3),
                  retiredAt));
        }
      }
    }
    return out;
  }

  /**
   * Records the use of a token; false when it was used already (the primary key decides between two
   * simultaneous clicks).
   */
  public boolean claim(String tokenId, long alertId, String by, long expiresAt)
      throws SQLException {
    try (Connection c = ds.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO ack_link_uses (token_id, alert_id, used_by, used_at, expires_at)"
                    + " VALUES (?, ?, ?, ?, ?)")) {
      ps.setString(1, tokenId);
      ps.setLong(2, alertId);
      ps.setString(3, by);
      ps.setLong(4, clock.millis());
      ps.setLong(5, expiresAt);
      ps.executeUpdate();
      return true;
    } catch (SQLException e) {
      if (e.getSQLState() != null && e.getSQLState().startsWith("23")) {
        return false;
      }
      throw e;
    }
  }

  /** Undoes a claim whose ack did not happen (the alert was resolved or gone). */
  public void release(String tokenId) throws SQLException {
    try (Connection c = ds.getConnection();
        PreparedStatement ps = c.prepareStatement("DELETE FROM ack_link_uses WHERE token_id = ?")) {
      ps.setString(1, tokenId);
      ps.executeUpdate();
    }
  }

  /** The use of a token, if it was used. */
  public Optional<Use> used(String tokenId) throws SQLException {
    try (Connection c = ds.getConnection();
        PreparedStatement ps =
            c.prepareStatement("SELECT used_by, used_at FROM ack_link_uses WHERE token_id = ?")) {
      ps.setString(1, tokenId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(new Use(rs.getString(1), rs.getLong(2))) : Optional.empty();
      }
    }
  }

  private long insertKey(Connection c, long now) throws SQLException {
    byte[] secret = new byte[32];
    random.nextBytes(secret);
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO ack_link_keys (secret, created_at) VALUES (?, ?)",
            Statement.RETURN_GENERATED_KEYS)) {
      ps.setString(1, Base64.getEncoder().encodeToString(secret));
      ps.setLong(2, now);
      ps.executeUpdate();
      try (ResultSet rs = ps.getGeneratedKeys()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }
}
