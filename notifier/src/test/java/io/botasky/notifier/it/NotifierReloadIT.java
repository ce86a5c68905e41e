package io.botasky.notifier.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.botasky.common.testkit.TestDatabase;
import io.botasky.notifier.testing.Daemons;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real {@code bin/boird} reloaded with SIGHUP (docs/operations.md, "Reload"): a policy step
 * added to the escalation file and a new mail_from take effect without a restart; a broken
 * escalation file is refused whole (each problem logged with file and line) and raises
 * boird/config/reload_failed, resolved by the next good reload.
 */
class NotifierReloadIT {
  @RegisterExtension
  static GreenMailExtension smtp = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

  @TempDir Path tmp;

  static final String ONE_STEP =
      """
      [contacts oncall]
      mail = ops@example.com
      [contacts boss]
      mail = boss@example.com
      [policy default]
      step1 = 0s mail oncall
      group_wait = 0s
      [notifier]
      claim_lease = 2s
      smtp_timeout = 2s
      """;

  Path conf(Harness h, String from) throws Exception {
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
            "mail_from",
            from,
            "poll_interval",
            "200ms"));
  }

  @Test
  void aNewStepAndMailFromTakeEffectABrokenFileIsRefusedAndAlerted() throws Exception {
    try (Harness h = new Harness(TestDatabase.Engine.MARIADB, tmp, Clock.systemUTC())) {
      Path esc = tmp.resolve("escalation.conf");
      Files.writeString(esc, ONE_STEP);
      Path conf = conf(h, "botasky@example.com");
      Path log = tmp.resolve("boird.log");
      Process boird = Daemons.start("boird", conf, tmp.resolve("boird.out"));
      try {
        await()
            .atMost(Duration.ofSeconds(60))
            .until(
                () ->
                    Files.exists(log)
                        && Files.readString(log, StandardCharsets.UTF_8).contains("ready:"));
        h.insertAlert("pi7", "process", "nginx", "process_down", "critical", "down");
        await().atMost(Duration.ofSeconds(30)).until(() -> to("ops@example.com").size() == 1);

        // A second step to another contact, and another sender: both apply to the open alert.
        Files.writeString(esc, ONE_STEP.replace("group_wait", "step2 = 0s mail boss\ngroup_wait"));
        conf(h, "reloaded@example.com");
        hangup(boird);
        await().atMost(Duration.ofSeconds(30)).until(() -> to("boss@example.com").size() == 1);
        MimeMessage m = to("boss@example.com").get(0);
        assertThat(((InternetAddress) m.getFrom()[0]).getAddress())
            .isEqualTo("reloaded@example.com");
        assertThat(Files.readString(log)).contains("reload: ok, escalation file");

        // Broken: refused whole, every problem logged with its line; the alert raised. Noise
        // control's sections too (docs/notifier.md): a window past midnight's hours, an unknown
        // time zone, a dependency whose parent could be its own child.
        Files.writeString(
            esc,
            ONE_STEP.replace("step1 = 0s mail oncall", "step1 = soon mail nobody")
                + "[maintenance backups]\nmatch = host=db*\nevery = Sun 25:00-26:00\n"
                + "timezone = Mars/Olympus\n"
                + "[dependency mysql]\nparent = resource=mysql\nchildren = check=master_down\n");
        hangup(boird);
        await()
            .atMost(Duration.ofSeconds(15))
            .until(() -> Files.readString(log).contains("reload: refused"));
        assertThat(Files.readString(log))
            .contains("reload: " + esc + ":")
            .contains("[maintenance backups] every:")
            .contains("[maintenance backups] timezone: unknown time zone \"Mars/Olympus\"")
            .contains("[dependency mysql] children: could match the same alert as parent");
        assertThat(reloadFailed(h, "firing")).isEqualTo(1);

        // Fixed: resolved.
        Files.writeString(esc, ONE_STEP);
        hangup(boird);
        await().atMost(Duration.ofSeconds(15)).until(() -> reloadFailed(h, "firing") == 0);
        assertThat(reloadFailed(h, "resolved")).isEqualTo(1);
        assertThat(boird.isAlive()).isTrue();
      } catch (Throwable t) {
        System.out.println(Files.readString(log));
        System.out.println(Files.readString(tmp.resolve("boird.out")));
        throw t;
      } finally {
        boird.destroy();
        assertThat(boird.waitFor(15, TimeUnit.SECONDS)).isTrue();
      }
    }
  }

  static List<MimeMessage> to(String address) {
    return Arrays.stream(smtp.getReceivedMessages())
        .filter(
            m -> {
              try {
                return ((InternetAddress) m.getAllRecipients()[0]).getAddress().equals(address);
              } catch (Exception e) {
                return false;
              }
            })
        .toList();
  }

  static long reloadFailed(Harness h, String state) throws Exception {
    return h.count(
        "SELECT COUNT(*) FROM alerts WHERE resource = 'boird' AND instance = 'config' AND state ="
            + " ?",
        state);
  }

  static void hangup(Process p) throws Exception {
    assertThat(new ProcessBuilder("kill", "-HUP", Long.toString(p.pid())).start().waitFor())
        .isZero();
  }
}
