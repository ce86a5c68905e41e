package io.botasky.notifier.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.botasky.common.testkit.TestDatabase;
import io.botasky.notifier.NotifierSettings;
import io.botasky.notifier.channel.mail.MailSettings;
import io.botasky.notifier.policy.Scope;
import jakarta.mail.Session;
import java.io.InputStream;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Clock;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * smtp_ssl = true against GreenMail's SMTPS (TLS from the first byte). The test trusts GreenMail's
 * self-signed certificate (shipped in its jar) through the session; production uses the JVM's
 * trust.
 */
class SmtpsIT {
  @RegisterExtension
  static GreenMailExtension smtps = new GreenMailExtension(ServerSetupTest.SMTPS.dynamicPort());

  @TempDir Path tmp;

  static Session trustingGreenMail(MailSettings s) {
    try (InputStream in = GreenMailExtension.class.getResourceAsStream("/greenmail.p12")) {
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(in, "changeit".toCharArray());
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(ks);
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(null, tmf.getTrustManagers(), null);
      Session session = s.session();
      session.getProperties().put("mail.smtp.ssl.socketFactory", ctx.getSocketFactory());
      // The test certificate names no host; the production default checks it.
      session.getProperties().put("mail.smtp.ssl.checkserveridentity", "false");
      return session;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void deliversOverTls() throws Exception {
    try (Harness h = new Harness(TestDatabase.Engine.H2, tmp, Clock.systemUTC())) {
      NotifierSettings c = h.config(smtps.getSmtps().getPort(), null, Duration.ofMillis(200));
      NotifierSettings tls =
          new NotifierSettings(
              c.master(),
              c.db(),
              null,
              c.escalationFile(),
              c.smtpHost(),
              c.smtpPort(),
              "",
              "",
              false,
              true,
              c.mailFrom(),
              c.notifierLog(),
              c.alertLog(),
              c.pollInterval(),
              c.collector());
      h.start(
          tls,
          Harness.escalation(
              "[contacts oncall]\n"
                  + "mail = ops@example.com\n"
                  + "[policy default]\n"
                  + "step1 = 0s mail oncall\n"),
          "boird@tls:1",
          Scope.all(),
          SmtpsIT::trustingGreenMail);
      h.insertAlert("pi3", "mysql", "3306", "master_down", "critical", "primary gone");
      h.wakeAll();
      await().atMost(Duration.ofSeconds(30)).until(() -> smtps.getReceivedMessages().length == 1);
      assertThat(smtps.getReceivedMessages()[0].getSubject())
          .isEqualTo("[botasky] CRITICAL FIRING pi3 mysql:3306 master_down");
    }
  }
}
