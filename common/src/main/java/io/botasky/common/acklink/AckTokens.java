package io.botasky.common.acklink;

import io.botasky.common.text.SafeText;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Collection;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs and verifies one-click ack tokens (docs/notifier.md, "One-click ack"). Pure: the keys and
 * the clock are passed in; boird signs, pihealthd verifies.
 *
 * <p>A token is {@code base64url(payload) "." base64url(HMAC-SHA256(key, payload))}; the payload is
 * {@code 1 \n keyId \n alertId \n expiresAt \n tokenId \n recipient} in UTF-8. Nothing in it is
 * secret (the alert id and the recipient are in the mail anyway); the signature makes it the
 * credential.
 */
public final class AckTokens {
  /** How long a link is good for after its mail. */
  public static final Duration LIFETIME = Duration.ofHours(24);

  /**
   * How long after its retirement a key may still have signed a token: boird reads the signing key
   * just before it sends, so a mail may be signed moments after a rotation.
   */
  public static final Duration ROTATION_GRACE = Duration.ofMinutes(1);

  /** Longest token accepted: a recipient of 128 characters makes about 300. */
  public static final int MAX_LENGTH = 600;

  /** Bytes of randomness in a token id. */
  public static final int TOKEN_ID_BYTES = 16;

  private static final Pattern TOKEN_ID = Pattern.compile("[A-Za-z0-9_-]{22}");
  private static final Pattern NUMBER = Pattern.compile("[1-9][0-9]{0,18}");
  private static final Pattern TOKEN_CHARS = Pattern.compile("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+");
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder B64D = Base64.getUrlDecoder();

  private AckTokens() {}

  /** What a token turned out to be. */
  public enum Outcome {
    /** Signed by a known key, not expired: the caller still checks it was not used. */
    VALID,
    /** Not a token at all: wrong shape, bad base64, bad fields. */
    MALFORMED,
    /** Well formed, but no known key signed it (tampered, forged, or its key is gone). */
    FORGED,
    /** Genuine, but past its expiry. */
    EXPIRED
  }

  /**
   * A verification's answer.
   *
   * @param token the token's content when genuine (VALID or EXPIRED), else null
   * @param reason a short sentence for the page and the log, naming no secret
   */
  public record Verdict(Outcome outcome, AckToken token, String reason) {}

  /** A token id from {@value #TOKEN_ID_BYTES} random bytes (a SecureRandom's). */
  public static String tokenId(byte[] random) {
    if (random.length != TOKEN_ID_BYTES) {
      throw new IllegalArgumentException("expected " + TOKEN_ID_BYTES + " random bytes");
    }
    return B64.encodeToString(random);
  }

  /** The token for {@code t}, signed with {@code key} (which must be the key {@code t} names). */
  public static String sign(AckToken t, AckLinkKey key) {
    if (t.keyId() != key.id()) {
      throw new IllegalArgumentException("token names key " + t.keyId() + ", not " + key.id());
    }
    if (!TOKEN_ID.matcher(t.tokenId()).matches()
        || t.alertId() <= 0
        || t.expiresAt() <= 0
        || !validRecipient(t.recipient())) {
      throw new IllegalArgumentException("token fields out of range");
    }
    byte[] payload = payload(t);
    String out = B64.encodeToString(payload) + "." + B64.encodeToString(mac(key, payload));
    if (out.length() > MAX_LENGTH) {
      throw new IllegalArgumentException("token longer than " + MAX_LENGTH + " characters");
    }
    return out;
  }

  /**
   * Checks {@code token} against {@code keys} (every key not yet deleted, retired or not) at the
   * clock's now. The signature is compared in constant time.
   */
  public static Verdict verify(String token, Collection<AckLinkKey> keys, Clock clock) {
    if (token == null || token.length() > MAX_LENGTH || !TOKEN_CHARS.matcher(token).matches()) {
      return malformed("this is not an ack link");
    }
    int dot = token.indexOf('.');
    byte[] payload;
    byte[] sig;
    try {
      payload = B64D.decode(token.substring(0, dot));
      sig = B64D.decode(token.substring(dot + 1));
    } catch (IllegalArgumentException e) {
      return malformed("this is not an ack link");
    }
    if (sig.length != 32) {
      return malformed("this is not an ack link");
    }
    AckToken t = parse(payload);
    if (t == null) {
      return malformed("this is not an ack link");
    }
    AckLinkKey key = null;
    for (AckLinkKey k : keys) {
      if (k.id() == t.keyId()) {
        key = k;
      }
    }
    if (key == null || !MessageDigest.isEqual(mac(key, payload), sig)) {
      return new Verdict(Outcome.FORGED, null, "this link was not signed by this collector");
    }
    if (key.retiredAt() != null
        && t.expiresAt() > key.retiredAt() + LIFETIME.toMillis() + ROTATION_GRACE.toMillis()) {
      // Signed after its key was retired (plus the grace): a leaked old key cannot mint new links.
      return new Verdict(Outcome.FORGED, null, "this link was signed with a retired key");
    }
    if (clock.millis() >= t.expiresAt()) {
      return new Verdict(Outcome.EXPIRED, t, "this link has expired");
    }
    return new Verdict(Outcome.VALID, t, "valid");
  }

  /**
   * A recipient a token may carry: one safe line of 1 to 128 characters, what an ack's {@code by}
   * may be (docs/api.md); a longer address gets no link.
   */
  public static boolean validRecipient(String r) {
    return r != null && !r.isEmpty() && r.length() <= 128 && SafeText.isSafeLine(r);
  }

  private static Verdict malformed(String why) {
    return new Verdict(Outcome.MALFORMED, null, why);
  }

  private static byte[] payload(AckToken t) {
    return ("1\n"
            + t.keyId()
            + "\n"
            + t.alertId()
            + "\n"
            + t.expiresAt()
            + "\n"
            + t.tokenId()
            + "\n"
            + t.recipient())
        .getBytes(StandardCharsets.UTF_8);
  }

  private static AckToken parse(byte[] payload) {
    String s = new String(payload, StandardCharsets.UTF_8);
    if (!java.util.Arrays.equals(s.getBytes(StandardCharsets.UTF_8), payload)) {
      return null; // not UTF-8
    }
    String[] f = s.split("\n", 6);
    if (f.length != 6
        || !f[0].equals("1")
        || !NUMBER.matcher(f[1]).matches()
        || !NUMBER.matcher(f[2]).matches()
        || !NUMBER.matcher(f[3]).matches()
        || !TOKEN_ID.matcher(f[4]).matches()
        || !validRecipient(f[5])) {
      return null;
    }
    try {
      return new AckToken(
          Long.parseLong(f[1]), Long.parseLong(f[2]), f[5], Long.parseLong(f[3]), f[4]);
    } catch (NumberFormatException e) {
      return null; // past Long.MAX_VALUE
    }
  }

  private static byte[] mac(AckLinkKey key, byte[] payload) {
    try {
      Mac m = Mac.getInstance("HmacSHA256");
      m.init(new SecretKeySpec(key.secret(), "HmacSHA256"));
      return m.doFinal(payload);
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }
}
