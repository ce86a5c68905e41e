package io.botasky.agent.probe.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.botasky.agent.probe.CheckOutcome;
import io.botasky.agent.probe.net.TimeLimits;
import io.botasky.agent.probe.net.Unreachable;
import io.botasky.common.wire.Severity;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The pure decisions of an [http] round, with a captured certificate (valid until
 * 2036-12-03T04:57:10Z) and the clock set around its expiry.
 */
class HttpJudgeTest {
  private static final URI URL = URI.create("https://fixture.example/health");
  private static final Instant NOT_AFTER = Instant.parse("2036-12-03T04:57:10Z");

  private final HttpSettings s =
      new HttpSettings(
          URL,
          "GET",
          StatusRanges.parse("200-399"),
          Pattern.compile("ok"),
          new TimeLimits(Duration.ofSeconds(1), Duration.ofSeconds(5), true),
          new TimeLimits(Duration.ofDays(14), Duration.ofDays(3), false),
          true,
          0);

  private static X509Certificate leaf() throws Exception {
    try (InputStream in = HttpJudgeTest.class.getResourceAsStream("/fixtures/http/leaf.pem")) {
      return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
    }
  }

  private static Map<String, CheckOutcome> byCheck(List<CheckOutcome> l) {
    return l.stream().collect(Collectors.toMap(CheckOutcome::check, Function.identity()));
  }

  private Fetch answer(int status, double ms, X509Certificate leaf) {
    return new Fetch(null, status, new byte[0], ms, leaf, URL, 0);
  }

  @Test
  void aGoodAnswerResolvesEveryCheck() throws Exception {
    var r =
        byCheck(
            HttpJudge.judge(
                "site", s, answer(200, 120, leaf()), true, NOT_AFTER.minus(Duration.ofDays(30))));
    assertThat(r.keySet())
        .containsExactlyInAnyOrder(
            "unreachable", "bad_status", "content_mismatch", "slow", "cert_expiry");
    assertThat(r.values()).allMatch(CheckOutcome::ok);
    assertThat(r.get("cert_expiry").value()).isEqualTo(30.0);
  }

  @Test
  void aStatusOutsideTheRangeIsCriticalAndNamesBoth() {
    var r = byCheck(HttpJudge.judge("site", s, answer(500, 10, null), null, NOT_AFTER));
    assertThat(r.get("bad_status").severity()).isEqualTo(Severity.CRITICAL);
    assertThat(r.get("bad_status").summary())
        .contains("GET https://fixture.example/health answered 500, expected 200-399");
    assertThat(r).doesNotContainKey("content_mismatch");
  }

  @Test
  void aBodyThatDoesNotMatchIsCritical() {
    var r = byCheck(HttpJudge.judge("site", s, answer(200, 10, null), false, NOT_AFTER));
    assertThat(r.get("content_mismatch").severity()).isEqualTo(Severity.CRITICAL);
    assertThat(r.get("content_mismatch").summary()).contains("does not match /ok/");
  }

  @Test
  void responseTimeGivesWarningThenCritical() {
    assertThat(
            byCheck(HttpJudge.judge("site", s, answer(200, 999, null), true, NOT_AFTER))
                .get("slow")
                .ok())
        .isTrue();
    CheckOutcome w =
        byCheck(HttpJudge.judge("site", s, answer(200, 1500, null), true, NOT_AFTER)).get("slow");
    assertThat(w.severity()).isEqualTo(Severity.WARNING);
    assertThat(w.threshold()).isEqualTo(1000.0);
    assertThat(
            byCheck(HttpJudge.judge("site", s, answer(200, 5000, null), true, NOT_AFTER))
                .get("slow")
                .severity())
        .isEqualTo(Severity.CRITICAL);
  }

  @Test
  void certificateDaysLeftGiveWarningCriticalAndExpired() throws Exception {
    X509Certificate c = leaf();
    CheckOutcome w =
        byCheck(
                HttpJudge.judge(
                    "site", s, answer(200, 1, c), true, NOT_AFTER.minus(Duration.ofDays(10))))
            .get("cert_expiry");
    assertThat(w.severity()).isEqualTo(Severity.WARNING);
    assertThat(w.value()).isEqualTo(10.0);
    assertThat(w.threshold()).isEqualTo(14.0);
    CheckOutcome cr =
        byCheck(
                HttpJudge.judge(
                    "site", s, answer(200, 1, c), true, NOT_AFTER.minus(Duration.ofHours(49))))
            .get("cert_expiry");
    assertThat(cr.severity()).isEqualTo(Severity.CRITICAL);
    assertThat(cr.summary()).contains("CN=fixture.example", "2036-12-03T04:57:10Z", "in 2.0 days");
    CheckOutcome gone =
        byCheck(
                HttpJudge.judge(
                    "site", s, answer(200, 1, c), true, NOT_AFTER.plus(Duration.ofDays(1))))
            .get("cert_expiry");
    assertThat(gone.severity()).isEqualTo(Severity.CRITICAL);
    assertThat(gone.summary()).contains("expired", "1.0 days ago");
  }

  @Test
  void noAnswerIsUnreachableAndStillJudgesACertificateSeenInAFailedHandshake() throws Exception {
    Fetch f =
        Fetch.failed(
            new Unreachable(Unreachable.Step.REFUSED, "", new ConnectException("refused")),
            leaf(),
            URL,
            3);
    var r = byCheck(HttpJudge.judge("site", s, f, null, NOT_AFTER.plus(Duration.ofDays(1))));
    assertThat(r.keySet()).containsExactlyInAnyOrder("unreachable", "cert_expiry");
    assertThat(r.get("unreachable").severity()).isEqualTo(Severity.CRITICAL);
    assertThat(r.get("unreachable").summary())
        .isEqualTo("GET https://fixture.example/health: connection refused");
  }
}
