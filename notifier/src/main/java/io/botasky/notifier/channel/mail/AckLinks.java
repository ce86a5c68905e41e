package io.botasky.notifier.channel.mail;

import io.botasky.common.acklink.AckLinkKey;
import io.botasky.common.acklink.AckToken;
import io.botasky.common.acklink.AckTokens;
import io.botasky.notifier.channel.Item;
import io.botasky.notifier.channel.Notification;
import io.botasky.notifier.store.AckLinkKeyReader;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one-click ack link of each FIRING alert of a mail, for its recipient (docs/notifier.md,
 * "One-click ack"): {@code <public_url>/ack/<token>}, signed with the collector's current key, good
 * for 24 h. A mail goes out without links rather than not at all when the key cannot be read.
 */
public final class AckLinks {
  private static final Logger log = LoggerFactory.getLogger("deliver");

  private final DataSource ds;
  private final String publicUrl;
  private final Clock clock;
  private final SecureRandom random;
  private final AckLinkKeyReader keys = new AckLinkKeyReader();
  private volatile boolean warned;

  /**
   * @param publicUrl without a trailing slash; empty for no links
   */
  public AckLinks(DataSource ds, String publicUrl, Clock clock, SecureRandom random) {
    this.ds = ds;
    this.publicUrl = publicUrl == null ? "" : publicUrl;
    this.clock = clock;
    this.random = random;
  }

  /** No links at all (no public_url). */
  public static AckLinks none() {
    return new AckLinks(null, "", Clock.systemUTC(), null);
  }

  public boolean enabled() {
    return !publicUrl.isEmpty();
  }

  /** Alert id → link, for the FIRING items of {@code n}; empty for a test mail or no links. */
  public Map<Long, String> links(Notification n) {
    Map<Long, String> out = new LinkedHashMap<>();
    if (!enabled() || n.test() || !AckTokens.validRecipient(n.target())) {
      return out;
    }
    if (n.items().stream().noneMatch(AckLinks::firing)) {
      return out;
    }
    Optional<AckLinkKey> key;
    try (Connection c = ds.getConnection()) {
      key = keys.signingKey(c);
    } catch (SQLException e) {
      warnOnce("cannot read the key of one-click ack links: " + e.getMessage());
      return out;
    }
    if (key.isEmpty()) {
      warnOnce("no key for one-click ack links yet (pihealthd creates it at its first start)");
      return out;
    }
    warned = false;
    long expires = clock.millis() + AckTokens.LIFETIME.toMillis();
    for (Item i : n.items()) {
      if (firing(i)) {
        byte[] id = new byte[AckTokens.TOKEN_ID_BYTES];
        random.nextBytes(id);
        AckToken t =
            new AckToken(
                key.get().id(), i.alert().id(), n.target(), expires, AckTokens.tokenId(id));
        out.put(i.alert().id(), publicUrl + "/ack/" + AckTokens.sign(t, key.get()));
      }
    }
    return out;
  }

  private static boolean firing(Item i) {
    return "FIRING".equals(i.stateWord());
  }

  private void warnOnce(String message) {
    if (!warned) {
      warned = true;
      log.warn("mail: {}; FIRING mails go out without one-click ack links", message);
    }
  }
}
