package io.botasky.notifier.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.botasky.common.testkit.MutableClock;
import io.botasky.common.testkit.TestDatabase;
import io.botasky.notifier.Notifier;
import io.botasky.notifier.policy.Escalation;
import io.botasky.notifier.policy.Scope;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The notifier end to end against a real database (MariaDB and H2) and a real SMTP server
 * (GreenMail), with alerts written the way the collector writes them and an injected clock.
 */
class NotifierIT {
  @RegisterExtension
  static GreenMailExtension smtp = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

  @TempDir Path tmp;

  static final String POLICY =
      """
      [contacts oncall]
      mail = ops@example.com
      [contacts leads]
      mail = lead@example.com
      [policy critical]
      match = severity>=critical
      step1 = 0s log
      step2 = 0s mail oncall
      step3 = 15m mail leads
      repeat = 1h
      resolved = mail oncall
      group_wait = 0s
      [policy default]
      step1 = 0s log
      """;

  @ParameterizedTest
  @EnumSource(TestDatabase.Engine.class)
  void firingEscalationAckAndRecovery(TestDatabase.Engine engine) throws Exception {
    MutableClock clock = new MutableClock(Instant.parse("2026-11-21T10:00:00Z"));
    Escalation esc = Harness.escalation(POLICY);
    try (Harness h = new Harness(engine, tmp, clock)) {
      Notifier n =
          h.start(
              h.config(smtp.getSmtp().getPort(), null, Duration.ofMillis(200)),
              esc,
              "boird@test:1");
      await().atMost(Duration.ofSeconds(20)).until(n::ready);
      // `botasky status` reads this heartbeat.
      await()
          .atMost(Duration.ofSeconds(20))
          .until(
              () ->
                  h.count(
                          "SELECT COUNT(*) FROM daemon_heartbeats WHERE name = 'boird@test:1' AND"
                              + " role = 'notifier'")
                      == 1);

      long id =
          h.insertAlert("pi3", "mysql", "3306", "replication_lag", "critical", "lag 42 s > 30 s");
      h.wakeAll();
      await().atMost(Duration.ofSeconds(20)).until(() -> smtp.getReceivedMessages().length == 1);
      MimeMessage first = smtp.getReceivedMessages()[0];
      assertThat(first.getSubject())
          .isEqualTo("[botasky] CRITICAL FIRING pi3 mysql:3306 replication_lag");
      assertThat(first.getAllRecipients()[0].toString()).isEqualTo("ops@example.com");
      assertThat(first.getMessageID()).isEqualTo("<botasky." + id + ".step.3.2.0@pi1>");
      assertThat(com.icegreen.greenmail.util.GreenMailUtil.getBody(first))
          .contains("botasky ack " + id)
          .contains("escalation step 2");
      await().atMost(Duration.ofSeconds(20)).until(() -> h.logLines().size() == 1);
      assertThat(h.logLines().get(0))
          .matches(
              "2026-11-21T10:00:00\\.000Z FIRING CRITICAL pi3 mysql:3306 replication_lag id="
                  + id
                  + " step=1 \"lag 42 s > 30 s\"");

      // Escalation after the delay: step 3 reaches the leads.
      clock.tick(Duration.ofMinutes(15));
      h.wakeAll();
      await().atMost(Duration.ofSeconds(20)).until(() -> smtp.getReceivedMessages().length == 2);
      assertThat(Harness.subjects(smtp.getReceivedMessages()))
          .contains("[botasky] CRITICAL FIRING pi3 mysql:3306 replication_lag -> lead@example.com");

      // An ack stops the repeats.
      clock.tick(Duration.ofMinutes(1));
      h.ack(id, "zq");
      h.wakeAll();
      await()
          .atMost(Duration.ofSeconds(20))
          .until(
              () ->
                  h.count(
                          "SELECT COUNT(*) FROM notify_alerts WHERE alert_id = ? AND seen_updated ="
                              + " ?",
                          id,
                          clock.millis())
                      == 1);
      clock.tick(Duration.ofHours(2));
      h.wakeAll();
      // The loop has had its chance: a pass after the tick has run once the heartbeat-free ledger
      // is quiet.
      await()
          .during(Duration.ofMillis(800))
          .atMost(Duration.ofSeconds(5))
          .until(() -> smtp.getReceivedMessages().length == 2);

      // Recovery mail to those named in `resolved`.
      clock.tick(Duration.ofMinutes(1));
      h.resolve(id);
      h.wakeAll();
      await().atMost(Duration.ofSeconds(20)).until(() -> smtp.getReceivedMessages().length == 3);
      // GreenMail lists messages per mailbox, not in time order.
      assertThat(Harness.subjects(smtp.getReceivedMessages()))
          .containsExactlyInAnyOrder(
              "[botasky] CRITICAL FIRING pi3 mysql:3306 replication_lag -> ops@example.com",
              "[botasky] CRITICAL FIRING pi3 mysql:3306 replication_lag -> lead@example.com",
              "[botasky] CRITICAL RESOLVED pi3 mysql:3306 replication_lag -> ops@example.com");

      // The alert log tells the whole story: the FIRING line, then the RESOLVED one.
      await().atMost(Duration.ofSeconds(10)).until(() -> h.logLines().size() == 2);
      assertThat(h.logLines().get(1))
          .contains(" RESOLVED CRITICAL pi3 mysql:3306 replication_lag id=" + id + " step=0 ");

      // The ledger: one row per notification and recipient, all sent, each after one attempt.
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () ->
                  assertThat(
                          h.count(
                              "SELECT COUNT(*) FROM notifications WHERE alert_id = ? AND status ="
                                  + " 'sent' AND attempts = 1",
                              id))
                      .isEqualTo(5));
      assertThat(
              h.count(
                  "SELECT COUNT(*) FROM notifications WHERE alert_id = ? AND status <> 'sent'", id))
          .isZero();
    }
  }

  /**
   * An alert stored already resolved (docs/notifier.md, "Alerts that arrive resolved"): one late
   * notice to each step it outlived, once; none for one that resolved within its first delay.
   */
  @ParameterizedTest
  @EnumSource(TestDatabase.Engine.class)
  void anAlertArrivingResolvedGetsOneLateNotice(TestDatabase.Engine engine) throws Exception {
    MutableClock clock = new MutableClock(Instant.parse("2026-11-21T10:00:00Z"));
    Escalation esc = Harness.escalation(POLICY);
    try (Harness h = new Harness(engine, tmp, clock)) {
      Notifier n =
          h.start(
              h.config(smtp.getSmtp().getPort(), null, Duration.ofMillis(200)),
              esc,
              "boird@test:late");
      await().atMost(Duration.ofSeconds(20)).until(n::ready);

      // Lived 20 min: steps 1 (log), 2 (ops) and 3 (leads, 15 min) would have gone out.
      long lived20m =
          h.insertResolved(
              "pi3", "tcp", "collector", "unreachable", "critical", Duration.ofMinutes(20));
      h.wakeAll();
      await().atMost(Duration.ofSeconds(20)).until(() -> smtp.getReceivedMessages().length == 2);
      // Lived 10 s: steps 1 and 2 only.
      long lived10s =
          h.insertResolved(
              "pi4", "tcp", "collector", "unreachable", "critical", Duration.ofSeconds(10));
      h.wakeAll();
      await().atMost(Duration.ofSeconds(20)).until(() -> smtp.getReceivedMessages().length == 3);
      assertThat(Harness.subjects(smtp.getReceivedMessages()))
          .containsExactlyInAnyOrder(
              "[botasky] CRITICAL RESOLVED pi3 tcp:collector unreachable -> ops@example.com",
              "[botasky] CRITICAL RESOLVED pi3 tcp:collector unreachable -> lead@example.com",
              "[botasky] CRITICAL RESOLVED pi4 tcp:collector unreachable -> ops@example.com");
      for (MimeMessage m : smtp.getReceivedMessages()) {
        assertThat(com.icegreen.greenmail.util.GreenMailUtil.getBody(m))
            .contains("late notice: it fired and resolved before botasky could tell you");
      }
      await().atMost(Duration.ofSeconds(10)).until(() -> h.logLines().size() == 2);
      assertThat(h.logLines())
          .anyMatch(
              l ->
                  l.contains(
                      " RESOLVED CRITICAL pi3 tcp:collector unreachable id="
                          + lived20m
                          + " step=1 "))
          .anyMatch(
              l ->
                  l.contains(
                      " RESOLVED CRITICAL pi4 tcp:collector unreachable id="
                          + lived10s
                          + " step=1 "));
      assertThat(
              h.count(
                  "SELECT COUNT(*) FROM notify_plan WHERE alert_id = ? AND reason ="
                      + " 'RESOLVED_LATE'",
                  lived20m))
          .isEqualTo(3);

      // Decided again later (a full sweep, an hour on): nothing more.
      clock.tick(Duration.ofHours(1));
      h.wakeAll();
      await()
          .during(Duration.ofMillis(800))
          .atMost(Duration.ofSeconds(5))
          .until(() -> smtp.getReceivedMessages().length == 3 && h.logLines().size() == 2);
    }
  }

  /**
   * A test mail requested while no boird runs waits for one; when two come up, one of them takes it
   * and it is sent once. A request that expired meanwhile is never sent.
   */
  @ParameterizedTest
  @EnumSource(TestDatabase.Engine.class)
  void testMailWaitsForBoirdAndIsSentOnceWhenTwoComeUp(TestDatabase.Engine engine)
      throws Exception {
    MutableClock clock = new MutableClock(Instant.parse("2026-11-21T10:00:00Z"));
    Escalation esc = Harness.escalation(POLICY);
    try (Harness h = new Harness(engine, tmp, clock)) {
      var cfg = h.config(smtp.getSmtp().getPort(), null, Duration.ofMillis(200));
      Notifier first = h.start(cfg, esc, "boird@test:5");
      await().atMost(Duration.ofSeconds(20)).until(first::ready);
      first.stop();

      long now = clock.millis();
      long wanted = h.testMail("admin@example.com");
      long stale = h.testMail("late@example.com", now - 7_200_000, now - 3_600_000);
      Thread.sleep(500);
      assertThat(h.count("SELECT COUNT(*) FROM notifications")).isZero();

      Notifier a = h.start(cfg, esc, "boird@test:6");
      Notifier b = h.start(cfg, esc, "boird@test:7");
      await().atMost(Duration.ofSeconds(20)).until(() -> a.ready() && b.ready());
      await().atMost(Duration.ofSeconds(20)).until(() -> smtp.getReceivedMessages().length == 1);
      assertThat(Harness.subjects(smtp.getReceivedMessages()))
          .containsExactly("[botasky] TEST mail from pi1 -> admin@example.com");
      h.wakeAll();
      await()
          .during(Duration.ofSeconds(2))
          .atMost(Duration.ofSeconds(4))
          .until(() -> smtp.getReceivedMessages().length == 1);
      await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () ->
                  h.count(
                          "SELECT COUNT(*) FROM notifications WHERE test_mail_id = ? AND status ="
                              + " 'sent'",
                          wanted)
                      == 1);
      assertThat(h.count("SELECT COUNT(*) FROM notifications WHERE test_mail_id = ?", stale))
          .isZero();
      assertThat(h.count("SELECT COUNT(*) FROM notifications")).isEqualTo(1);
    }
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.Engine.class)
  void silenceSuppressesAndTestMailIsSent(TestDatabase.Engine engine) throws Exception {
    MutableClock clock = new MutableClock(Instant.parse("2026-11-21T10:00:00Z"));
    try (Harness h = new Harness(engine, tmp, clock)) {
      long now = clock.millis();
      h.update(
          "INSERT INTO silences (host, resource, `check`, starts_at, ends_at, comment, created_at)"
              + " VALUES ('pi*', 'mysql', NULL, ?, ?, 'upgrade', ?)",
          now - 1000,
          now + 3_600_000,
          now);
      Notifier n =
          h.start(
              h.config(smtp.getSmtp().getPort(), null, Duration.ofMillis(200)),
              Harness.escalation(POLICY),
              "boird@test:2");
      await().atMost(Duration.ofSeconds(20)).until(n::ready);
      long silenced =
          h.insertAlert("pi3", "mysql", "3306", "replication_lag", "critical", "silenced");
      long loud = h.insertAlert("db9", "mysql", "3306", "replication_lag", "critical", "loud");
      long mail = h.testMail("admin@example.com");
      h.wakeAll();
      await().atMost(Duration.ofSeconds(20)).until(() -> smtp.getReceivedMessages().length == 2);
      assertThat(Harness.subjects(smtp.getReceivedMessages()))
          .containsExactlyInAnyOrder(
              "[botasky] TEST mail from pi1 -> admin@example.com",
              "[botasky] CRITICAL FIRING db9 mysql:3306 replication_lag -> ops@example.com");
      // The server has the mail before boird marks its row sent: wait for that too.
      await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () ->
                  h.count(
                          "SELECT COUNT(*) FROM notifications WHERE alert_id = 0 AND status ="
                              + " 'sent' AND sent_at IS NOT NULL AND test_mail_id = ?",
                          mail)
                      == 1);
      assertThat(h.count("SELECT COUNT(*) FROM notifications WHERE alert_id = ?", silenced))
          .isZero();
      assertThat(h.count("SELECT COUNT(*) FROM notifications WHERE alert_id = ?", loud))
          .isEqualTo(2);

      // The silence ends: what it held back goes out.
      clock.tick(Duration.ofHours(1));
      h.wakeAll();
      // Step 3 of both alerts falls due together for the leads: one message listing both.
      await().atMost(Duration.ofSeconds(20)).until(() -> smtp.getReceivedMessages().length == 4);
      assertThat(Harness.subjects(smtp.getReceivedMessages()))
          .contains(
              "[botasky] CRITICAL FIRING pi3 mysql:3306 replication_lag -> ops@example.com",
              "[botasky] CRITICAL FIRING pi3 mysql:3306 replication_lag (+1 more) ->"
                  + " lead@example.com");
    }
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.Engine.class)
  void selectorsSplitAlertsBetweenTeamsLikeTheSounder(TestDatabase.Engine engine) throws Exception {
    MutableClock clock = new MutableClock(Instant.parse("2026-11-21T10:00:00Z"));
    try (Harness h = new Harness(engine, tmp, clock)) {
      Escalation dba =
          Harness.escalation(
              "[contacts dba]\nmail = dba@example.com\n[policy default]\nstep1 = 0s mail dba\n");
      Escalation storage =
          Harness.escalation(
              "[contacts storage]\n"
                  + "mail = storage@example.com\n"
                  + "[policy default]\n"
                  + "step1 = 0s mail storage\n");
      Notifier a =
          h.start(
              h.config(smtp.getSmtp().getPort(), null, Duration.ofMillis(200)),
              dba,
              "boird@dba:1",
              new Scope(java.util.List.of("mysql")));
      Notifier b =
          h.start(
              h.config(smtp.getSmtp().getPort(), null, Duration.ofMillis(200)),
              storage,
              "boird@mfs:1",
              new Scope(java.util.List.of("mfsmaster")));
      await().atMost(Duration.ofSeconds(20)).until(() -> a.ready() && b.ready());
      h.insertAlert("pi3", "mysql", "3306", "process_down", "critical", "mysqld gone");
      h.insertAlert("pi4", "mfs", "mfsmaster", "process_down", "critical", "mfsmaster gone");
      h.insertAlert("pi5", "mfs", "mfschunkserver", "process_down", "critical", "nobody's");
      h.wakeAll();
      await().atMost(Duration.ofSeconds(20)).until(() -> smtp.getReceivedMessages().length == 2);
      await()
          .during(Duration.ofMillis(600))
          .atMost(Duration.ofSeconds(5))
          .until(() -> smtp.getReceivedMessages().length == 2);
      assertThat(Harness.subjects(smtp.getReceivedMessages()))
          .containsExactlyInAnyOrder(
              "[botasky] CRITICAL FIRING pi3 mysql:3306 process_down -> dba@example.com",
              "[botasky] CRITICAL FIRING pi4 mfs:mfsmaster process_down -> storage@example.com");
    }
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.Engine.class)
  void aRiseInSeverityEscalatesAgainEvenAfterAnAck(TestDatabase.Engine engine) throws Exception {
    MutableClock clock = new MutableClock(Instant.parse("2026-11-21T10:00:00Z"));
    Escalation esc =
        Harness.escalation(
            "[contacts oncall]\n"
                + "mail = ops@example.com\n"
                + "[policy default]\n"
                + "step1 = 0s mail oncall\n"
                + "group_wait = 0s\n");
    try (Harness h = new Harness(engine, tmp, clock)) {
      Notifier n =
          h.start(
              h.config(smtp.getSmtp().getPort(), null, Duration.ofMillis(200)),
              esc,
              "boird@rise:1");
      await().atMost(Duration.ofSeconds(20)).until(n::ready);
      long id = h.insertAlert("pi3", "system", "/", "disk_usage", "warning", "disk 91 %");
      h.wakeAll();
      await().atMost(Duration.ofSeconds(20)).until(() -> smtp.getReceivedMessages().length == 1);
      clock.tick(Duration.ofMinutes(1));
      h.ack(id, "zq");
      // The collector on a rise of an acked alert: back to firing, ack cleared, updated_at bumped.
      clock.tick(Duration.ofMinutes(1));
      long now = clock.millis();
      h.update(
          "UPDATE alerts SET severity = 'critical', state = 'firing', acked_by = NULL, acked_at ="
              + " NULL, ack_comment = NULL, summary = 'disk 99 %', updated_at = ? WHERE id = ?",
          now, id);
      h.wakeAll();
      await().atMost(Duration.ofSeconds(20)).until(() -> smtp.getReceivedMessages().length == 2);
      assertThat(Harness.subjects(smtp.getReceivedMessages()))
          .containsExactlyInAnyOrder(
              "[botasky] WARNING FIRING pi3 system:/ disk_usage -> ops@example.com",
              "[botasky] CRITICAL FIRING pi3 system:/ disk_usage -> ops@example.com");
      assertThat(
              h.count(
                  "SELECT COUNT(*) FROM notify_plan WHERE alert_id = ? AND reason ="
                      + " 'SEVERITY_ROSE'",
                  id))
          .isEqualTo(1);
    }
  }
}
