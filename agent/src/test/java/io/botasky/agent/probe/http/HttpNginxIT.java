package io.botasky.agent.probe.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.botasky.agent.probe.Probe;
import io.botasky.agent.testkit.CollectingSink;
import io.botasky.agent.testkit.TestEnv;
import io.botasky.common.testkit.ServiceScript;
import io.botasky.common.wire.Severity;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * [http] against a real nginx-light 1.22 (scripts/services/nginx.sh): every check fires on a real
 * fault and resolves after the repair; the four HTTPS certificates (test CA, self-signed, expiring
 * in 2 days, another host's name) give what a Nagios user expects.
 */
class HttpNginxIT {
  private static final ServiceScript NGINX = new ServiceScript("nginx");
  private static AutoCloseable lease;
  private static Path dir;
  private static KeyStore testCa;

  @BeforeAll
  static void start() throws Exception {
    lease = NGINX.exclusive();
    NGINX.start();
    dir = Path.of(System.getenv().getOrDefault("BOTASKY_SVC_DIR", "/var/tmp/botasky-svc"), "nginx");
    testCa = KeyStore.getInstance("PKCS12");
    testCa.load(null, null);
    try (InputStream in = Files.newInputStream(dir.resolve("tls/ca.pem"))) {
      testCa.setCertificateEntry(
          "botasky-test-ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
    }
    Files.createDirectories(dir.resolve("www/it"));
  }

  @AfterAll
  static void stop() throws Exception {
    NGINX.start(); // restores the files the tests changed
    lease.close();
  }

  private static int port(String name) throws Exception {
    return Integer.parseInt(Files.readString(dir.resolve(name + ".port")).strip());
  }

  private static Probe probe(String body, KeyStore trust) {
    return new HttpProbeFactory(System::nanoTime, trust)
        .create(TestEnv.section("[http:it]\n" + body), TestEnv.real());
  }

  private static Probe plain(String path, String more) throws Exception {
    return probe("url = http://127.0.0.1:" + port("http") + path + "\n" + more, null);
  }

  private static void write(String rel, String text) throws Exception {
    Path p = dir.resolve("www").resolve(rel);
    Files.createDirectories(p.getParent());
    Files.writeString(p, text);
    p.toFile().setReadable(true, false);
  }

  @Test
  void aPageThatChangesThenGoesAwayThenComesBack() throws Exception {
    write("it/page.txt", "title\nfine\n");
    Probe p = plain("/it/page.txt", "expect_body = ^fine$\n");
    CollectingSink ok = CollectingSink.round(p);
    assertThat(ok.get("content_mismatch").ok()).isTrue();
    assertThat(ok.samples()).containsEntry("http.status", 200.0).containsEntry("http.up", 1.0);

    write("it/page.txt", "title\nbroken\n");
    assertThat(CollectingSink.round(p).get("content_mismatch").severity())
        .isEqualTo(Severity.CRITICAL);

    Files.delete(dir.resolve("www/it/page.txt"));
    CollectingSink gone = CollectingSink.round(p);
    assertThat(gone.get("bad_status").severity()).isEqualTo(Severity.CRITICAL);
    assertThat(gone.get("bad_status").summary()).contains("answered 404");
    assertThat(gone.get("content_mismatch").summary()).startsWith("not re-checked");

    write("it/page.txt", "title\nfine\n");
    CollectingSink back = CollectingSink.round(p);
    assertThat(back.get("bad_status").ok()).isTrue();
    assertThat(back.get("content_mismatch").ok()).isTrue();
  }

  @Test
  void aStoppedNginxIsUnreachableAndResolvesWhenStartedAgain() throws Exception {
    Probe p = plain("/ok.txt", "");
    assertThat(CollectingSink.round(p).get("unreachable").ok()).isTrue();
    NGINX.run("stop");
    try {
      CollectingSink down = CollectingSink.round(p);
      assertThat(down.get("unreachable").severity()).isEqualTo(Severity.CRITICAL);
      assertThat(down.get("unreachable").summary()).contains("connection refused");
      assertThat(down.samples()).containsEntry("http.up", 0.0);
    } finally {
      NGINX.start();
    }
    assertThat(CollectingSink.round(p).get("unreachable").ok()).isTrue();
  }

  @Test
  void a500IsABadStatus() throws Exception {
    CollectingSink r = CollectingSink.round(plain("/error", ""));
    assertThat(r.get("bad_status").severity()).isEqualTo(Severity.CRITICAL);
    assertThat(r.get("bad_status").value()).isEqualTo(500.0);
  }

  @Test
  void aRateLimitedAnswerIsSlowAndResolvesWhenItIsSmallAgain() throws Exception {
    write("slow/it.txt", "x\n");
    Probe warn = plain("/slow/it.txt", "slow_warning = 1s\nslow_critical = 10s\n");
    Probe crit = plain("/slow/it.txt", "slow_warning = 1s\nslow_critical = 2s\n");
    assertThat(CollectingSink.round(warn).get("slow").ok()).isTrue();
    write("slow/it.txt", "x".repeat(48 * 1024)); // 16 KiB/s: about 3 s
    CollectingSink w = CollectingSink.round(warn);
    assertThat(w.get("slow").severity()).as(w.get("slow").summary()).isEqualTo(Severity.WARNING);
    assertThat(w.samples().get("http.response_ms")).isGreaterThan(1000.0);
    assertThat(CollectingSink.round(crit).get("slow").severity()).isEqualTo(Severity.CRITICAL);
    write("slow/it.txt", "x\n");
    assertThat(CollectingSink.round(warn).get("slow").ok()).isTrue();
  }

  @Test
  void aRedirectIsFollowedOnlyWhenAsked() throws Exception {
    CollectingSink not = CollectingSink.round(plain("/redirect", "expect_status = 200\n"));
    assertThat(not.get("bad_status").value()).isEqualTo(302.0);
    assertThat(not.get("bad_status").ok()).isFalse();
    CollectingSink followed =
        CollectingSink.round(
            plain(
                "/redirect",
                "expect_status = 200\nfollow_redirects = true\nexpect_body = botasky nginx ok\n"));
    assertThat(followed.get("bad_status").ok()).as(followed.get("bad_status").summary()).isTrue();
    assertThat(followed.get("content_mismatch").ok()).isTrue();
  }

  @Test
  void aCertificateOfTheTrustedCaForTheRightNameIsFine() throws Exception {
    CollectingSink r =
        CollectingSink.round(
            probe("url = https://localhost:" + port("https_good") + "/ok.txt\n", testCa));
    assertThat(r.get("unreachable").ok()).as(r.get("unreachable").summary()).isTrue();
    assertThat(r.get("cert_expiry").ok()).isTrue();
    assertThat(r.samples().get("http.cert_days_left")).isBetween(800.0, 826.0);
  }

  @Test
  void anUnknownCaIsATlsFailureUnlessTlsVerifyIsOff() throws Exception {
    String url = "url = https://localhost:" + port("https_self") + "/ok.txt\n";
    CollectingSink verified = CollectingSink.round(probe(url, testCa));
    assertThat(verified.get("unreachable").severity()).isEqualTo(Severity.CRITICAL);
    assertThat(verified.get("unreachable").summary()).contains("TLS handshake failed");
    // The JDK's own CAs do not know the test CA either.
    CollectingSink jdk =
        CollectingSink.round(
            probe("url = https://localhost:" + port("https_good") + "/ok.txt\n", null));
    assertThat(jdk.get("unreachable").summary()).contains("TLS handshake failed");
    CollectingSink off = CollectingSink.round(probe(url + "tls_verify = false\n", null));
    assertThat(off.get("unreachable").ok()).isTrue();
    assertThat(off.get("cert_expiry").ok()).isTrue();
    // tls_verify = false belongs to that section alone: a verifying one still refuses afterwards.
    assertThat(CollectingSink.round(probe(url, testCa)).get("unreachable").ok()).isFalse();
  }

  @Test
  void aNameMismatchIsATlsFailureUnlessTlsVerifyIsOff() throws Exception {
    String url = "url = https://localhost:" + port("https_wrong") + "/ok.txt\n";
    CollectingSink verified = CollectingSink.round(probe(url, testCa));
    assertThat(verified.get("unreachable").summary()).contains("TLS handshake failed", "localhost");
    CollectingSink off = CollectingSink.round(probe(url + "tls_verify = false\n", testCa));
    assertThat(off.get("unreachable").ok()).isTrue();
    assertThat(off.get("bad_status").ok()).isTrue();
  }

  @Test
  void aCertificateExpiringInTwoDaysIsCriticalAtThreeDaysAndAWarningAtOne() throws Exception {
    String url = "url = https://localhost:" + port("https_soon") + "/ok.txt\n";
    CollectingSink crit = CollectingSink.round(probe(url, testCa));
    assertThat(crit.get("unreachable").ok()).as(crit.get("unreachable").summary()).isTrue();
    assertThat(crit.get("cert_expiry").severity()).isEqualTo(Severity.CRITICAL);
    assertThat(crit.get("cert_expiry").value()).isBetween(1.4, 2.0);
    assertThat(crit.get("cert_expiry").threshold()).isEqualTo(3.0);
    CollectingSink warn =
        CollectingSink.round(probe(url + "cert_warning = 14d\ncert_critical = 1d\n", testCa));
    assertThat(warn.get("cert_expiry").severity()).isEqualTo(Severity.WARNING);
    CollectingSink fine =
        CollectingSink.round(probe(url + "cert_warning = 1d\ncert_critical = 12h\n", testCa));
    assertThat(fine.get("cert_expiry").ok()).isTrue();
  }

  @Test
  void aRefusedPortAndAnUnresolvableNameAreUnreachable() throws Exception {
    int closed;
    try (ServerSocket s = new ServerSocket(0)) {
      closed = s.getLocalPort();
    }
    assertThat(
            CollectingSink.round(probe("url = http://127.0.0.1:" + closed + "/\n", null))
                .get("unreachable")
                .summary())
        .contains("connection refused");
    assertThat(
            CollectingSink.round(probe("url = https://nonexistent.invalid/\n", null))
                .get("unreachable")
                .summary())
        .contains("DNS lookup failed");
  }
}
