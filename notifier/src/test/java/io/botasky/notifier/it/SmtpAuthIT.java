package io.botasky.notifier.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.botasky.common.testkit.TestDatabase;
import io.botasky.notifier.Notifier;
import io.botasky.notifier.NotifierSettings;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** SMTP authentication with smtp_user/smtp_password against a server that requires it. */
class SmtpAuthIT {
  @RegisterExtension
  static GreenMailExtension smtp =
      new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort())
          .withConfiguration(
              GreenMailConfiguration.aConfig().withUser("bot@example.com", "bot", "s3cret"));

  @TempDir Path tmp;

  static final String POLICY =
      "[contacts oncall]\nmail = ops@example.com\n[policy default]\nstep1 = 0s mail oncall\n";

  NotifierSettings config(Harness h, String password) {
    NotifierSettings c = h.config(smtp.getSmtp().getPort(), null, Duration.ofMillis(200));
    return new NotifierSettings(
        c.master(),
        c.db(),
        null,
        c.escalationFile(),
        c.smtpHost(),
        c.smtpPort(),
        "bot",
        password,
        false,
        false,
        c.mailFrom(),
        c.notifierLog(),
        c.alertLog(),
        c.pollInterval(),
        c.collector());
  }

  @Test
  void authenticatesAndAWrongPasswordIsRetriedNotLost() throws Exception {
    try (Harness h = new Harness(TestDatabase.Engine.H2, tmp, Clock.systemUTC())) {
      Notifier bad = h.start(config(h, "wrong"), Harness.escalation(POLICY), "boird@auth:1");
      await().atMost(Duration.ofSeconds(20)).until(bad::ready);
      long id = h.insertAlert("pi3", "system", "", "cpu_temp", "critical", "82 °C");
      h.wakeAll();
      await()
          .atMost(Duration.ofSeconds(20))
          .until(
              () ->
                  h.count(
                          "SELECT COUNT(*) FROM notifications WHERE alert_id = ? AND status ="
                              + " 'pending' AND attempts >= 1 AND last_error LIKE '%authentication"
                              + " failed%'",
                          id)
                      == 1);
      assertThat(smtp.getReceivedMessages()).isEmpty();
      bad.stop();

      // The operator fixes the password and restarts: the pending notification goes out.
      Notifier good = h.start(config(h, "s3cret"), Harness.escalation(POLICY), "boird@auth:2");
      await().atMost(Duration.ofSeconds(30)).until(() -> smtp.getReceivedMessages().length == 1);
      assertThat(smtp.getReceivedMessages()[0].getSubject())
          .isEqualTo("[botasky] CRITICAL FIRING pi3 system cpu_temp");
      assertThat(good.ready()).isTrue();
    }
  }
}
