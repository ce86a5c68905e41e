package io.botasky.common.acklink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.botasky.common.acklink.AckTokens.Outcome;
import io.botasky.common.acklink.AckTokens.Verdict;
import io.botasky.common.testkit.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every verdict of a one-click ack token, driven by an injected clock. */
class AckTokensTest {
  static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
  static final long DAY = Duration.ofDays(1).toMillis();
  static final AckLinkKey K1 = key(1, 1, null);
  static final AckLinkKey K2 = key(2, 2, null);

  /** K1 after `botasky ack-links rotate` at T0 + 1 h made K2 the signing key. */
  static final AckLinkKey K1_RETIRED = key(1, 1, T0.toEpochMilli() + 3_600_000);

  static AckLinkKey key(long id, int fill, Long retiredAt) {
    byte[] s = new byte[32];
    Arrays.fill(s, (byte) fill);
    return new AckLinkKey(id, s, 0, retiredAt);
  }

  static String id(int fill) {
    byte[] r = new byte[AckTokens.TOKEN_ID_BYTES];
    Arrays.fill(r, (byte) fill);
    return AckTokens.tokenId(r);
  }

  static AckToken token(long keyId, long expiresAt) {
    return new AckToken(keyId, 42, "ops@example.com", expiresAt, id(7));
  }

  /** A mail sent at T0 signed with K1. */
  static final String GOOD = AckTokens.sign(token(1, T0.toEpochMilli() + DAY), K1);

  static String b64(String s) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  /** The payload of GOOD with one field changed, the signature kept. */
  static String tampered(String from, String to) {
    String[] parts = GOOD.split("\\.");
    String payload =
        new String(Base64.getUrlDecoder().decode(parts[0]), StandardCharsets.UTF_8)
            .replace(from, to);
    return b64(payload) + "." + parts[1];
  }

  static Stream<Arguments> table() {
    String sig = GOOD.split("\\.")[1];
    long exp = T0.toEpochMilli() + DAY;
    return Stream.of(
        // name, token, keys known, now (ms after T0), outcome
        Arguments.of("good", GOOD, List.of(K1), 0L, Outcome.VALID),
        Arguments.of("good a second before expiry", GOOD, List.of(K1), DAY - 1000, Outcome.VALID),
        Arguments.of("expired at its expiry", GOOD, List.of(K1), DAY, Outcome.EXPIRED),
        Arguments.of("expired a week later", GOOD, List.of(K1), 7 * DAY, Outcome.EXPIRED),
        Arguments.of(
            "forged signature",
            GOOD.split("\\.")[0] + "." + b64("x".repeat(32)),
            List.of(K1),
            0L,
            Outcome.FORGED),
        Arguments.of(
            "tampered alert id", tampered("\n42\n", "\n43\n"), List.of(K1), 0L, Outcome.FORGED),
        Arguments.of(
            "tampered recipient",
            tampered("ops@example.com", "boss@example.com"),
            List.of(K1),
            0L,
            Outcome.FORGED),
        Arguments.of(
            "tampered expiry",
            tampered("\n" + exp + "\n", "\n" + (exp + 7 * DAY) + "\n"),
            List.of(K1),
            0L,
            Outcome.FORGED),
        Arguments.of("wrong key (same id)", GOOD, List.of(key(1, 9, null)), 0L, Outcome.FORGED),
        Arguments.of("unknown key id", GOOD, List.of(K2), 0L, Outcome.FORGED),
        Arguments.of(
            "rotated: the old key still verifies its link",
            GOOD,
            List.of(K1_RETIRED, K2),
            2 * 3_600_000L,
            Outcome.VALID),
        Arguments.of(
            "rotated: the old link still expires",
            GOOD,
            List.of(K1_RETIRED, K2),
            DAY,
            Outcome.EXPIRED),
        Arguments.of(
            "rotated: a link the old key signed after its retirement",
            AckTokens.sign(token(1, T0.toEpochMilli() + 3 * DAY), K1),
            List.of(K1_RETIRED, K2),
            2 * DAY,
            Outcome.FORGED),
        Arguments.of(
            "rotated: the new key's link",
            AckTokens.sign(token(2, T0.toEpochMilli() + 2 * DAY), K2),
            List.of(K1_RETIRED, K2),
            DAY,
            Outcome.VALID),
        Arguments.of("empty", "", List.of(K1), 0L, Outcome.MALFORMED),
        Arguments.of("no dot", GOOD.replace(".", ""), List.of(K1), 0L, Outcome.MALFORMED),
        Arguments.of("two dots", GOOD + ".x", List.of(K1), 0L, Outcome.MALFORMED),
        Arguments.of("html", "<script>.x", List.of(K1), 0L, Outcome.MALFORMED),
        Arguments.of(
            "short signature", GOOD.split("\\.")[0] + ".AAAA", List.of(K1), 0L, Outcome.MALFORMED),
        Arguments.of("too long", "a".repeat(700) + "." + sig, List.of(K1), 0L, Outcome.MALFORMED),
        Arguments.of(
            "bad version", tampered("1\n1\n42", "2\n1\n42"), List.of(K1), 0L, Outcome.MALFORMED),
        Arguments.of(
            "negative alert", tampered("\n42\n", "\n-42\n"), List.of(K1), 0L, Outcome.MALFORMED),
        Arguments.of(
            "number past long",
            tampered("\n42\n", "\n99999999999999999999\n"),
            List.of(K1),
            0L,
            Outcome.MALFORMED),
        Arguments.of(
            "recipient with a newline",
            tampered("ops@example.com", "ops@example.com\r\nBcc: x"),
            List.of(K1),
            0L,
            Outcome.MALFORMED),
        Arguments.of("bad base64", "a%b.cd", List.of(K1), 0L, Outcome.MALFORMED));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("table")
  void verdicts(String name, String token, List<AckLinkKey> keys, long after, Outcome want) {
    MutableClock clock = new MutableClock(T0.plusMillis(after));
    Verdict v = AckTokens.verify(token, keys, clock);
    assertThat(v.outcome()).as(name + ": " + v.reason()).isEqualTo(want);
    if (want == Outcome.VALID || want == Outcome.EXPIRED) {
      assertThat(v.token().alertId()).isEqualTo(42);
      assertThat(v.token().recipient()).isEqualTo("ops@example.com");
      assertThat(v.token().tokenId()).isEqualTo(id(7));
    } else {
      assertThat(v.token()).isNull();
    }
  }

  @Test
  void differentTokenIdsMakeDifferentTokens() {
    String other =
        AckTokens.sign(new AckToken(1, 42, "ops@example.com", T0.toEpochMilli() + DAY, id(8)), K1);
    assertThat(other).isNotEqualTo(GOOD);
  }

  @Test
  void signRefusesWhatVerifyWouldRefuse() {
    assertThatThrownBy(() -> AckTokens.sign(token(2, 1), K1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> AckTokens.sign(new AckToken(1, 42, "a\nb", T0.toEpochMilli(), id(1)), K1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> AckTokens.tokenId(new byte[3]))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theKeyNeverPrints() {
    assertThat(K1.toString()).doesNotContain("secret").contains("id=1");
  }
}
