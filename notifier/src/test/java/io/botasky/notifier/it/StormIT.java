package io.botasky.notifier.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.botasky.common.testkit.TestDatabase;
import io.botasky.notifier.Notifier;
import io.botasky.notifier.policy.Escalation;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Two boird on one database during a 1,000-alert storm: none twice, none lost, paced per recipient.
 */
class StormIT {
  @RegisterExtension
  static GreenMailExtension smtp = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

  @TempDir Path tmp;

  static final Pattern ALERT_ID = Pattern.compile("alert id (\\d+)");

  @ParameterizedTest
  @EnumSource(TestDatabase.Engine.class)
  void twoInstancesNoneTwiceNoneLost(TestDatabase.Engine engine) throws Exception {
    Escalation esc =
        Harness.escalation(
            """
            [contacts oncall]
            mail = ops@example.com, dba@example.com
            [policy default]
            step1 = 0s log
            step2 = 0s mail oncall
            group_wait = 1s
            """);
    try (Harness h = new Harness(engine, tmp, Clock.systemUTC())) {
      Notifier a =
          h.start(
              h.config(smtp.getSmtp().getPort(), null, Duration.ofMillis(200)), esc, "boird@a:1");
      Notifier b =
          h.start(
              h.config(smtp.getSmtp().getPort(), null, Duration.ofMillis(200)), esc, "boird@b:2");
      await().atMost(Duration.ofSeconds(30)).until(() -> a.ready() && b.ready());
      long t0 = System.nanoTime();
      for (int i = 0; i < 1000; i++) {
        h.insertAlert(
            "pi" + (i % 20), "process", "p" + i, "process_down", "critical", "storm " + i);
        if (i % 50 == 0) {
          h.wakeAll();
        }
      }
      h.wakeAll();
      await()
          .atMost(Duration.ofSeconds(90))
          .until(() -> h.count("SELECT COUNT(*) FROM notifications WHERE status = 'sent'") >= 3000);
      double seconds = (System.nanoTime() - t0) / 1e9;

      // None lost, none twice, in the ledger ...
      assertThat(h.count("SELECT COUNT(*) FROM notifications")).isEqualTo(3000);
      assertThat(
              h.count("SELECT COUNT(*) FROM notifications WHERE status = 'sent' AND attempts = 1"))
          .isEqualTo(3000);
      assertThat(h.count("SELECT COUNT(*) FROM notify_plan")).isEqualTo(2000);
      // ... in the alert log ...
      Map<String, Integer> lines = new HashMap<>();
      for (String l : h.logLines()) {
        lines.merge(l.replaceAll("^\\S+ ", ""), 1, Integer::sum);
      }
      assertThat(lines).hasSize(1000);
      assertThat(lines.values()).allMatch(n -> n == 1);
      // ... and in the mailboxes: each alert listed exactly once per recipient.
      for (String rcpt : List.of("ops@example.com", "dba@example.com")) {
        Map<Long, Integer> seen = new HashMap<>();
        MimeMessage[] msgs = smtp.getReceivedMessagesForDomain(rcpt);
        for (MimeMessage m : msgs) {
          Matcher mt = ALERT_ID.matcher(GreenMailUtil.getBody(m));
          while (mt.find()) {
            seen.merge(Long.parseLong(mt.group(1)), 1, Integer::sum);
          }
        }
        assertThat(seen).as("alerts mailed to %s", rcpt).hasSize(1000);
        assertThat(seen.values()).as("times each alert reached %s", rcpt).allMatch(n -> n == 1);
        // group_wait 1s: at most one message per second of storm, plus the leading one.
        assertThat(msgs.length)
            .as("messages to %s in %.1f s", rcpt, seconds)
            .isLessThanOrEqualTo((int) Math.ceil(seconds) + 1);
      }
    }
  }
}
