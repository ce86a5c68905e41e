package io.botasky.notifier.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.botasky.common.db.DbSettings;
import io.botasky.common.testkit.Daemon;
import io.botasky.common.testkit.TestDatabase;
import io.botasky.notifier.Notifier;
import io.botasky.notifier.NotifierSettings;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A database that is down when boird starts: logged and retried, never fatal (docs/notifier.md).
 */
class DependencyIT {
  @RegisterExtension
  static GreenMailExtension smtp = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

  @TempDir Path tmp;

  @Test
  void startsWithTheDatabaseDownAndCatchesUpWhenItComes() throws Exception {
    try (Harness h = new Harness(TestDatabase.Engine.MARIADB, tmp, Clock.systemUTC())) {
      long id = h.insertAlert("pi3", "redis", "6379", "unreachable", "critical", "redis gone");
      int port = Daemon.freePort();
      URI server = URI.create(h.db.settings().url().substring("jdbc:".length()));
      DbSettings s = h.db.settings();
      DbSettings viaProxy =
          new DbSettings(
              "jdbc:mysql://127.0.0.1:" + port + server.getPath(),
              s.user(),
              s.password(),
              4,
              s.dataDir(),
              Duration.ofSeconds(1));
      NotifierSettings c = h.config(smtp.getSmtp().getPort(), null, Duration.ofMillis(200));
      NotifierSettings down =
          new NotifierSettings(
              c.master(),
              viaProxy,
              null,
              c.escalationFile(),
              c.smtpHost(),
              c.smtpPort(),
              "",
              "",
              false,
              false,
              c.mailFrom(),
              c.notifierLog(),
              c.alertLog(),
              c.pollInterval(),
              c.collector());
      Notifier n =
          h.start(
              down,
              Harness.escalation(
                  "[contacts oncall]\n"
                      + "mail = ops@example.com\n"
                      + "[policy default]\n"
                      + "step1 = 0s mail oncall\n"),
              "boird@dep:1");
      // Nothing listens on the port yet: boird keeps trying.
      await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> !n.ready());
      try (FreezableProxy db = new FreezableProxy(port, server.getPort())) {
        n.wake();
        await().atMost(Duration.ofSeconds(60)).until(n::ready);
        await().atMost(Duration.ofSeconds(30)).until(() -> smtp.getReceivedMessages().length == 1);
        assertThat(smtp.getReceivedMessages()[0].getSubject())
            .isEqualTo("[botasky] CRITICAL FIRING pi3 redis:6379 unreachable");
        // The ledger row turns 'sent' just after the SMTP server took the mail: wait for it too.
        await()
            .atMost(Duration.ofSeconds(10))
            .until(
                () ->
                    h.count(
                        "SELECT COUNT(*) FROM notifications WHERE alert_id = ? AND status = 'sent'",
                        id),
                sent -> sent == 1);
        n.stop();
      }
    }
  }
}
