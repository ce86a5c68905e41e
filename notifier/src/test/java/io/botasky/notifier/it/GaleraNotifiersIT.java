package io.botasky.notifier.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.botasky.common.testkit.ServiceScript;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two real bin/boird on the 3-node Galera test cluster (scripts/services/galera.sh) through a
 * multi-host db_url (docs/operations.md, "High availability"): a storm of 300 alerts, one notifier
 * killed -9 in the middle of it. Every alert is mailed; an alert mailed twice can only come from
 * the one message the killed notifier had in flight (SMTP accepted, not yet marked sent).
 */
class GaleraNotifiersIT {
  private static final ServiceScript GALERA = new ServiceScript("galera");
  private static AutoCloseable lease;
  private static boolean started;
  static final Pattern ALERT_ID = Pattern.compile("alert id (\\d+)");

  @RegisterExtension
  static GreenMailExtension smtp = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

  @TempDir Path tmp;

  @BeforeAll
  static void cluster() throws Exception {
    lease = GALERA.exclusive();
    GALERA.start(); // fails under CI=true, skips elsewhere when the cluster cannot run
    started = true;
  }

  @AfterAll
  static void release() throws Exception {
    if (started) {
      GALERA.start();
    }
    if (lease != null) {
      lease.close();
    }
  }

  private Path conf(Harness h, String name, String dbUrl) throws Exception {
    Path dir = Files.createDirectories(tmp.resolve(name));
    Files.writeString(
        dir.resolve("escalation.conf"),
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
    Path conf =
        Daemons.conf(
            dir,
            h.db.settings(),
            Map.of(
                "db_url",
                dbUrl,
                "db_pool_size",
                "4",
                "smtp_host",
                "127.0.0.1",
                "smtp_port",
                String.valueOf(smtp.getSmtp().getPort()),
                "poll_interval",
                "200ms"));
    return conf;
  }

  private static boolean ready(Path dir) throws Exception {
    Path log = dir.resolve("boird.log");
    return Files.exists(log) && Files.readString(log, StandardCharsets.UTF_8).contains("ready:");
  }

  private static boolean sent(Path dir) throws Exception {
    Path log = dir.resolve("boird.log");
    return Files.exists(log)
        && Files.readString(log, StandardCharsets.UTF_8).contains("deliver: send: mail");
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
  void aNotifierKilledInAStormLeavesNothingUnsentAndNothingSentTwiceButItsMessageInFlight()
      throws Exception {
    String server = GALERA.run("url").strip();
    try (Harness h =
        new Harness(TestDatabase.createOn(server, "root", "", tmp), tmp, Clock.systemUTC())) {
      // The multi-host URL an operator writes: every node of the cluster, one database.
      String dbUrl = h.db.settings().url();
      assertThat(dbUrl).contains(",");
      Process a = Daemons.start("boird", conf(h, "a", dbUrl), tmp.resolve("a.out"));
      Process b = Daemons.start("boird", conf(h, "b", dbUrl), tmp.resolve("b.out"));
      try {
        await()
            .atMost(Duration.ofSeconds(60))
            .until(() -> ready(tmp.resolve("a")) && ready(tmp.resolve("b")));
        int total = 300;
        for (int i = 0; i < 100; i++) {
          h.insertAlert("pi" + i, "process", "p" + i, "process_down", "critical", "storm " + i);
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> smtp.getReceivedMessages().length >= 1);
        // The rest of the storm arrives while the notifier that has been sending dies.
        CompletableFuture<Void> rest =
            CompletableFuture.runAsync(
                () -> {
                  try {
                    for (int i = 100; i < total; i++) {
                      h.insertAlert(
                          "pi" + i, "process", "p" + i, "process_down", "critical", "storm " + i);
                      Thread.sleep(10);
                    }
                  } catch (Exception e) {
                    throw new IllegalStateException(e);
                  }
                });
        Thread.sleep(500);
        boolean aSent = sent(tmp.resolve("a"));
        Process victim = aSent ? a : b;
        victim.destroyForcibly(); // SIGKILL: its claims stay until claim_lease runs out
        assertThat(victim.waitFor(10, TimeUnit.SECONDS)).isTrue();
        rest.get(120, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(120)).until(() -> mailed(messages()).size() == total);
        await()
            .atMost(Duration.ofSeconds(30))
            .until(
                () -> h.count("SELECT COUNT(*) FROM notifications WHERE status = 'sent'") == total);

        Map<Long, Integer> seen = mailed(messages());
        Set<Long> twice = new HashSet<>();
        seen.forEach(
            (id, n) -> {
              if (n > 1) {
                twice.add(id);
              }
            });
        System.out.printf(
            "GaleraNotifiersIT: %d alerts mailed in %d messages, %d twice (the killed notifier's"
                + " message in flight)%n",
            seen.size(), smtp.getReceivedMessages().length, twice.size());
        assertThat(seen.values()).allMatch(n -> n <= 2);
        List<Set<Long>> msgs = messages();
        assertThat(twice.isEmpty() || msgs.stream().anyMatch(m -> m.containsAll(twice)))
            .as("duplicates %s come from one message", twice)
            .isTrue();
      } catch (RuntimeException | AssertionError e) {
        for (String f : List.of("a.out", "b.out", "a/boird.log", "b/boird.log")) {
          Path p = tmp.resolve(f);
          System.out.println("== " + f + "\n" + (Files.exists(p) ? Files.readString(p) : ""));
        }
        throw e;
      } finally {
        a.destroyForcibly();
        b.destroyForcibly();
      }
    }
  }
}
