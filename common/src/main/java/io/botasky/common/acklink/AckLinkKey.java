package io.botasky.common.acklink;

import java.util.Arrays;

/**
 * One key that signs one-click ack links (docs/notifier.md, "One-click ack"). The newest key not
 * retired signs; a retired key still verifies the links it signed until they expire.
 *
 * @param id the key's row in {@code ack_link_keys}; named in every token it signs
 * @param secret 32 random bytes; never logged ({@link #toString} leaves it out)
 * @param retiredAt when {@code botasky ack-links rotate} replaced it, or null while current
 */
public record AckLinkKey(long id, byte[] secret, long createdAt, Long retiredAt) {
  public AckLinkKey {
    secret = secret.clone();
  }

  @Override
  public byte[] secret() {
    return secret.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AckLinkKey k
        && k.id == id
        && Arrays.equals(k.secret, secret)
        && k.createdAt == createdAt
        && java.util.Objects.equals(k.retiredAt, retiredAt);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(id);
  }

  @Override
  public String toString() {
    return "AckLinkKey[id=" + id + ", createdAt=" + createdAt + ", retiredAt=" + retiredAt + "]";
  }
}
