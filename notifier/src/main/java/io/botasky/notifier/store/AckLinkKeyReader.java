package io.botasky.notifier.store;

import io.botasky.common.acklink.AckLinkKey;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Base64;
import java.util.Optional;

/**
 * The key that signs one-click ack links: the newest not retired in the collector's {@code
 * ack_link_keys} (docs/notifier.md, "One-click ack"). boird only reads that table.
 */
public final class AckLinkKeyReader {
  public Optional<AckLinkKey> signingKey(Connection c) throws SQLException {
    try (PreparedStatement ps =
            c.prepareStatement(
                "SELECT id, secret, created_at FROM ack_link_keys WHERE retired_at IS NULL"
                    + " ORDER BY id DESC LIMIT 1");
        ResultSet rs = ps.executeQuery()) {
      if (!rs.next()) {
        return Optional.empty();
      }
      return Optional.of(
          new AckLinkKey(
              rs.getLong(1), Base64.getDecoder().decode(rs.getString(2)), rs.getLong(3), null));
    }
  }
}
