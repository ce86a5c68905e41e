package io.botasky.notifier.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.botasky.common.testkit.TestDatabase;
import io.botasky.notifier.testing.Daemons;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real {@code bin/boird} process: killed -9 in the middle of a burst and restarted; SIGTERM.
 */
class ProcessIT {
  @RegisterExtension
  static GreenMailExtension smtp = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

  @TempDir Path tmp;

  static final Pattern ALERT_ID = Pattern.compile("alert id (\\d+)");

  Path config(Harness h) throws Exception {
    Files.writeString(
        tmp.resolve("escalation.conf"),
        """
        [contacts oncall]
        mail = ops@example.com
        [policy default]
        step1 = 0s mail oncall
        group_wait = 0s
        [notifier]
        claim_lease = 2s
        smtp_timeout = 2s
        """);
    return Daemons.conf(
        tmp,
        h.db.settings(),
        Map.of(
            "db_pool_size",
            "4",
            "smtp_host",
            "127.0.0.1",
            "smtp_port",
            String.valueOf(smtp.getSmtp().getPort()),
            "poll_interval",
            "200ms"));
  }

  static Process boird(Path conf, Path out) throws Exception {
    return Daemons.start("boird", conf, out);
  }

  static Map<Long, Integer> mailed(List<Set<Long>> perMessage) {
    Map<Long, Integer> seen = new HashMap<>();
    perMessage.forEach(ids -> ids.forEach(id -> seen.merge(id, 1, Integer::sum)));
    return seen;
  }

  static List<Set<Long>> messages() throws Exception {
    List<Set<Long>> out = new ArrayList<>();
    for (MimeMessage m : smtp.getReceivedMessages()) {
      Set<Long> ids = new HashSet<>();
      Matcher mt = ALERT_ID.matcher(GreenMailUtil.getBody(m));
      while (mt.find()) {
        ids.add(Long.parseLong(mt.group(1)));
      }
      out.add(ids);
    }
    return out;
  }

  @Test
  void killedMidBurstAndRestartedSendsEverythingWithAtMostOneDuplicateThenStopsOnSigterm()
      throws Exception {
    try (Harness h = new Harness(TestDatabase.Engine.MARIADB, tmp, Clock.systemUTC())) {
      Path conf = config(h);
      Path out = tmp.resolve("boird.out");
      Process first = boird(conf, out);
      await()
          .atMost(Duration.ofSeconds(60))
          .until(
              () ->
                  Files.exists(tmp.resolve("boird.log"))
                      && Files.readString(tmp.resolve("boird.log"), StandardCharsets.UTF_8)
                          .contains("ready:"));

      int total = 300;
      for (int i = 0; i < 100; i++) {
        h.insertAlert("pi" + i, "process", "p" + i, "process_down", "critical", "burst " + i);
      }
      try {
        await().atMost(Duration.ofSeconds(60)).until(() -> smtp.getReceivedMessages().length >= 1);
      } catch (RuntimeException e) {
        System.out.println(Files.readString(tmp.resolve("boird.log")));
        System.out.println(Files.readString(out));
        throw e;
      }
      // The rest of the burst arrives while the process dies.
      CompletableFuture<Void> burst =
          CompletableFuture.runAsync(
              () -> {
                try {
                  for (int i = 100; i < total; i++) {
                    h.insertAlert(
                        "pi" + i, "process", "p" + i, "process_down", "critical", "burst " + i);
                  }
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              });
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> h.count("SELECT COUNT(*) FROM notifications WHERE status = 'pending'") > 0);
      first.destroyForcibly(); // SIGKILL: no shutdown hook, claims stay until their lease runs out
      assertThat(first.waitFor(10, TimeUnit.SECONDS)).isTrue();
      int beforeRestart = smtp.getReceivedMessages().length;
      assertThat(beforeRestart).as("killed in the middle of the burst").isGreaterThan(0);

      Process second = boird(conf, out);
      burst.get(120, TimeUnit.SECONDS);
      await().atMost(Duration.ofSeconds(90)).until(() -> mailed(messages()).size() == total);
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () -> h.count("SELECT COUNT(*) FROM notifications WHERE status = 'sent'") == total);

      // Every due notification went out; alerts mailed twice all come from the one message that was
      // in flight when the process died.
      Map<Long, Integer> seen = mailed(messages());
      Set<Long> twice = new HashSet<>();
      seen.forEach(
          (id, n) -> {
            if (n > 1) {
              twice.add(id);
            }
          });
      assertThat(seen.values()).allMatch(n -> n <= 2);
      List<Set<Long>> msgs = messages();
      assertThat(twice.isEmpty() || msgs.stream().anyMatch(m -> m.containsAll(twice)))
          .as("duplicates %s come from one message", twice)
          .isTrue();

      // SIGTERM: exit 0 within 10 s, claims released.
      long t0 = System.nanoTime();
      second.destroy();
      assertThat(second.waitFor(10, TimeUnit.SECONDS)).as("stopped within 10 s").isTrue();
      assertThat(second.exitValue()).isZero();
      assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(10_000);
      assertThat(h.count("SELECT COUNT(*) FROM notify_targets WHERE claimed_by IS NOT NULL"))
          .isZero();
      assertThat(Files.readString(tmp.resolve("boird.log"), StandardCharsets.UTF_8))
          .contains("stop: boird stopped cleanly");
    }
  }
}
