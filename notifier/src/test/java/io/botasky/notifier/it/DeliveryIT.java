package io.botasky.notifier.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.botasky.common.testkit.TestDatabase;
import io.botasky.notifier.Notifier;
import io.botasky.notifier.engine.RedisWakeup;
import io.botasky.notifier.policy.Escalation;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import redis.clients.jedis.RedisClient;

/**
 * Delivery against real services: a frozen SMTP server, a rejected recipient, Redis wake-up and
 * plain polling.
 */
class DeliveryIT {
  @RegisterExtension
  static GreenMailExtension smtp = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

  @TempDir Path tmp;

  static final String POLICY =
      """
      [contacts oncall]
      mail = ops@example.com
      [policy default]
      step1 = 0s mail oncall
      group_wait = 0s
      [notifier]
      smtp_timeout = 1s
      fallback_after = 2
      """;

  @ParameterizedTest
  @EnumSource(TestDatabase.Engine.class)
  void frozenSmtpThenRestoredDeliversOnceAndFallsBackToTheLog(TestDatabase.Engine engine)
      throws Exception {
    Escalation esc = Harness.escalation(POLICY);
    try (Harness h = new Harness(engine, tmp, Clock.systemUTC());
        FreezableProxy proxy = new FreezableProxy(smtp.getSmtp().getPort())) {
      proxy.freeze(true);
      Notifier n =
          h.start(h.config(proxy.port(), null, Duration.ofMillis(200)), esc, "boird@frozen:1");
      await().atMost(Duration.ofSeconds(20)).until(n::ready);
      long id = h.insertAlert("pi3", "redis", "6379", "master_link_down", "critical", "link down");
      h.wakeAll();
      // Two attempts time out (the notifier does not hang), the notification goes to the log and
      // an alert about the failing channel is raised.
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () ->
                  h.count(
                          "SELECT COUNT(*) FROM notifications WHERE alert_id = ? AND channel ="
                              + " 'mail' AND attempts >= 2",
                          id)
                      == 1);
      assertThat(
              h.count(
                  "SELECT COUNT(*) FROM notifications WHERE alert_id = ? AND channel = 'mail' AND"
                      + " status = 'pending' AND last_error LIKE '%timed out%'",
                  id))
          .isEqualTo(1);
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> h.logLines().stream().anyMatch(l -> l.contains("id=" + id + " ")));
      assertThat(
              h.count(
                  "SELECT COUNT(*) FROM alerts WHERE resource = 'notifier' AND instance = 'mail'"
                      + " AND `check` = 'channel_failing' AND state = 'firing'"))
          .isEqualTo(1);
      assertThat(smtp.getReceivedMessages()).isEmpty();

      proxy.freeze(false);
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () ->
                  h.count(
                          "SELECT COUNT(*) FROM notifications WHERE alert_id = ? AND channel ="
                              + " 'mail' AND status = 'sent'",
                          id)
                      == 1);
      // Delivered once; the alert about the failing channel goes through the same policy and is
      // mailed too, once the server is back.
      // Both fell due together, so they share one message.
      String subject = "[botasky] CRITICAL FIRING pi3 redis:6379 master_link_down";
      await()
          .during(Duration.ofSeconds(1))
          .atMost(Duration.ofSeconds(10))
          .until(
              () ->
                  Harness.subjects(smtp.getReceivedMessages()).stream()
                          .filter(x -> x.startsWith(subject))
                          .count()
                      == 1);
      // The channel works again: its alert resolves.
      assertThat(
              h.count(
                  "SELECT COUNT(*) FROM alerts WHERE resource = 'notifier' AND state = 'resolved'"))
          .isEqualTo(1);
    }
  }

  @Test
  void aRejectedRecipientFailsForGoodAndTheOthersAreSent() throws Exception {
    Escalation esc =
        Harness.escalation(
            """
            [contacts oncall]
            mail = ops@example.com, nobody@reject.example
            [policy default]
            step1 = 0s mail oncall
            """);
    try (Harness h = new Harness(TestDatabase.Engine.H2, tmp, Clock.systemUTC());
        SmtpRejecter rejecter =
            new SmtpRejecter(smtp.getSmtp().getPort(), "nobody@reject.example")) {
      Notifier n =
          h.start(h.config(rejecter.port(), null, Duration.ofMillis(200)), esc, "boird@reject:1");
      await().atMost(Duration.ofSeconds(20)).until(n::ready);
      long id = h.insertAlert("pi3", "mysql", "3306", "process_down", "critical", "mysqld gone");
      h.wakeAll();
      await()
          .atMost(Duration.ofSeconds(20))
          .until(
              () ->
                  h.count(
                          "SELECT COUNT(*) FROM notifications WHERE alert_id = ? AND status <>"
                              + " 'pending' AND channel = 'mail'",
                          id)
                      == 2);
      assertThat(
              h.count(
                  "SELECT COUNT(*) FROM notifications WHERE target = 'ops@example.com' AND status ="
                      + " 'sent'"))
          .isEqualTo(1);
      assertThat(
              h.count(
                  "SELECT COUNT(*) FROM notifications WHERE target = 'nobody@reject.example' AND"
                      + " status = 'failed' AND attempts = 1 AND last_error LIKE '%550%'"))
          .isEqualTo(1);
      assertThat(smtp.getReceivedMessages()).hasSize(1);
    }
  }

  @Test
  void redisWakeUpDeliversWithoutWaitingForThePoll() throws Exception {
    try (Harness h = new Harness(TestDatabase.Engine.MARIADB, tmp, Clock.systemUTC());
        RedisClient redis = RedisClient.create(URI.create("redis://127.0.0.1:6379"))) {
      // An hour's poll: only the Redis message can make this mail go out in time.
      Notifier n =
          h.start(
              h.config(
                  smtp.getSmtp().getPort(),
                  URI.create("redis://127.0.0.1:6379/0"),
                  Duration.ofHours(1)),
              Harness.escalation(POLICY),
              "boird@redis:1");
      await().atMost(Duration.ofSeconds(20)).until(n::ready);
      // PUBLISH answers how many subscribers got it: wait until the notifier listens.
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> redis.publish(RedisWakeup.CHANNEL, "0") >= 1);
      long id = h.insertAlert("pi3", "keepalived", "", "vip_lost", "critical", "VIP gone");
      redis.publish(RedisWakeup.CHANNEL, String.valueOf(id));
      await().atMost(Duration.ofSeconds(5)).until(() -> smtp.getReceivedMessages().length == 1);
      assertThat(smtp.getReceivedMessages()[0].getSubject())
          .isEqualTo("[botasky] CRITICAL FIRING pi3 keepalived vip_lost");
    }
  }

  @Test
  void plainPollingFindsNewAlertsWithoutAnyWakeUp() throws Exception {
    try (Harness h = new Harness(TestDatabase.Engine.H2, tmp, Clock.systemUTC())) {
      Notifier n =
          h.start(
              h.config(smtp.getSmtp().getPort(), null, Duration.ofMillis(300)),
              Harness.escalation(POLICY),
              "boird@poll:1");
      await().atMost(Duration.ofSeconds(20)).until(n::ready);
      h.insertAlert("pi3", "system", "/", "disk_usage", "critical", "disk 97 %");
      await().atMost(Duration.ofSeconds(10)).until(() -> smtp.getReceivedMessages().length == 1);
      assertThat(smtp.getReceivedMessages()[0].getSubject())
          .isEqualTo("[botasky] CRITICAL FIRING pi3 system:/ disk_usage");
    }
  }
}
