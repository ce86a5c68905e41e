package io.botasky.notifier.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.botasky.common.testkit.MutableClock;
import io.botasky.common.testkit.TestDatabase;
import io.botasky.notifier.BoirdCommand;
import io.botasky.notifier.Notifier;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code boird explain ALERT_ID} on the embedded database the notifier shares with the collector.
 */
class ExplainIT {
  @TempDir Path tmp;

  @Test
  void explainsFiredStepsAndWhyTheRestWillNot() throws Exception {
    MutableClock clock = new MutableClock(Instant.parse("2026-11-21T10:00:00Z"));
    String policy =
        """
        [contacts leads]
        mail = lead@example.com
        [policy critical]
        match = severity>=critical
        step1 = 0s log
        step2 = 15m mail leads
        repeat = 1h
        """;
    try (Harness h = new Harness(TestDatabase.Engine.H2, tmp, clock)) {
      Notifier n =
          h.start(
              h.config(25, null, Duration.ofMillis(100)),
              Harness.escalation(policy),
              "boird@explain:1");
      await().atMost(Duration.ofSeconds(20)).until(n::ready);
      long id = h.insertAlert("pi3", "mysql", "3306", "replication_lag", "critical", "lag 42 s");
      h.wakeAll();
      await().atMost(Duration.ofSeconds(20)).until(() -> h.logLines().size() == 1);
      clock.tick(Duration.ofMinutes(5));
      h.ack(id, "zq");
      Files.writeString(tmp.resolve("escalation.conf"), policy);
      Path conf = tmp.resolve("pihealthd.conf");
      Files.writeString(
          conf,
          "master = pi1\ndata_dir = "
              + h.db.settings().dataDir()
              + "\nescalation_file = escalation.conf\n");
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      int rc =
          new BoirdCommand(new PrintWriter(out), new PrintWriter(err), clock, "x", x -> {})
              .commandLine()
              .execute("-c", conf.toString(), "explain", String.valueOf(id));
      assertThat(rc).as(err.toString()).isZero();
      assertThat(out.toString())
          .contains("alert " + id + ": critical acked pi3 mysql:3306 replication_lag \"lag 42 s\"")
          .contains("policy: critical (first match in file order)")
          .contains("step 1 (0s log): fired at 2026-11-21 10:00:00Z (STEP_DUE, at critical)")
          .contains(
              "step 2 (15m mail leads): skipped: acked by zq at 2026-11-21 10:05:00Z (\"on it\")")
          .contains("repeat every 1h: stopped: acked by zq")
          .contains("decision now: STOPPED_ACKED");

      // The collector's retention deletes the alert: within the hour its plans go too, the ledger
      // stays.
      h.update("DELETE FROM alerts WHERE id = ?", id);
      clock.tick(Duration.ofHours(1));
      h.wakeAll();
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> h.count("SELECT COUNT(*) FROM notify_plan WHERE alert_id = ?", id) == 0);
      assertThat(h.count("SELECT COUNT(*) FROM notify_alerts WHERE alert_id = ?", id)).isZero();
      assertThat(h.count("SELECT COUNT(*) FROM notifications WHERE alert_id = ?", id)).isEqualTo(1);
    }
  }
}
