package io.botasky.notifier;

import static org.assertj.core.api.Assertions.assertThat;

import io.botasky.common.testkit.MutableClock;
import io.botasky.notifier.policy.Scope;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BoirdCommandTest {
  @TempDir Path tmp;
  final StringWriter out = new StringWriter();
  final StringWriter err = new StringWriter();
  final AtomicReference<Notifier> started = new AtomicReference<>();

  int run(String... args) {
    BoirdCommand cmd =
        new BoirdCommand(
            new PrintWriter(out),
            new PrintWriter(err),
            new MutableClock(Instant.EPOCH),
            "boird@test:1",
            started::set);
    return cmd.commandLine().execute(args);
  }

  Path conf(String escalation) throws Exception {
    Files.writeString(tmp.resolve("escalation.conf"), escalation);
    Path c = tmp.resolve("pihealthd.conf");
    Files.writeString(
        c,
        "master = pi1\ndata_dir = "
            + tmp.resolve("data")
            + "\nescalation_file = escalation.conf\nadmin_token = x\n");
    return c;
  }

  @Test
  void checkConfigAcceptsTheShippedSample() throws Exception {
    Path c = tmp.resolve("pihealthd.conf");
    Files.writeString(
        c,
        "escalation_file = " + Path.of("..", "config", "escalation.conf").toAbsolutePath() + "\n");
    assertThat(run("-c", c.toString(), "--check-config", "--mysql", "--mfsmaster")).isZero();
    assertThat(out.toString())
        .contains("configuration OK: 3 policies, 3 contacts, scope mfsmaster,mysql");
    assertThat(err.toString()).isEmpty();
    assertThat(started.get()).isNull();
  }

  @Test
  void aBadEscalationFileExits78NamingFileLineAndKey() throws Exception {
    Path c =
        conf(
            "[contacts oncall]\n"
                + "mail = ops@example.com\n"
                + "[policy p]\n"
                + "match = severity>=critical\n"
                + "step1 = 0s mail leads\n"
                + "step2 = 1x log\n");
    assertThat(run("-c", c.toString(), "--check-config")).isEqualTo(78);
    String esc = tmp.resolve("escalation.conf").toString();
    assertThat(err.toString())
        .contains(
            "boird: "
                + esc
                + ":5: [policy p] step1: unknown contact \"leads\": no [contacts leads] section")
        .contains("boird: " + esc + ":6: [policy p] step2: expected a duration like \"30s\"")
        .contains("configuration error, exiting (78)");
  }

  @Test
  void aBadMaintenanceWindowExits78NamingFileLineAndKey() throws Exception {
    Path c =
        conf(
            "[contacts oncall]\n"
                + "mail = ops@example.com\n"
                + "[policy default]\n"
                + "step1 = 0s mail oncall\n"
                + "[maintenance backups]\n"
                + "match = host=db*\n"
                + "every = Funday 01:00-02:00\n"
                + "timezone = Mars/Olympus\n");
    assertThat(run("-c", c.toString())).isEqualTo(78);
    String esc = tmp.resolve("escalation.conf").toString();
    assertThat(err.toString())
        .contains(
            "boird: "
                + esc
                + ":7: [maintenance backups] every: \"Funday\" is not daily, a day Mon to Sun")
        .contains(
            "boird: "
                + esc
                + ":8: [maintenance backups] timezone: unknown time zone \"Mars/Olympus\"")
        .contains("configuration error, exiting (78)");
    assertThat(started.get()).isNull();
  }

  @Test
  void anInvalidMailAddressStopsTheStart() throws Exception {
    Path c =
        conf("[contacts oncall]\nmail = ops@@example\n[policy default]\nstep1 = 0s mail oncall\n");
    assertThat(run("-c", c.toString())).isEqualTo(78);
    assertThat(err.toString())
        .contains(":2: [contacts oncall] mail: invalid mail address \"ops@@example\"");
    assertThat(started.get()).isNull();
  }

  @Test
  void aDependencyThatCouldHoldBackItsOwnParentStopsTheStart() throws Exception {
    Path c =
        conf(
            "[policy default]\nstep1 = 0s log\n[dependency mysql]\nparent = resource=mysql\n"
                + "children = check=master_down\n");
    assertThat(run("-c", c.toString())).isEqualTo(78);
    assertThat(err.toString())
        .contains(
            ":5: [dependency mysql] children: could match the same alert as parent: make one term"
                + " on the same field exclude the other")
        .contains("configuration error, exiting (78)");
    assertThat(started.get()).isNull();
  }

  @Test
  void aMissingConfigFileExits78() {
    assertThat(run("-c", tmp.resolve("nope.conf").toString())).isEqualTo(78);
    assertThat(err.toString()).contains("nope.conf: file not found");
  }

  @Test
  void versionAndHelp() {
    assertThat(run("--version")).isZero();
    assertThat(out.toString()).startsWith("boird (botasky) ");
    assertThat(run("--help")).isZero();
    assertThat(out.toString())
        .contains("--check-config", "--mfsmaster", "--keepalived", "--host", "explain");
  }

  @Test
  void selectorsMakeTheScope() {
    BoirdCommand cmd =
        new BoirdCommand(
            new PrintWriter(out),
            new PrintWriter(err),
            new MutableClock(Instant.EPOCH),
            "x",
            n -> {});
    cmd.commandLine().parseArgs("--mfsmaster", "--redis");
    Scope s = cmd.scope();
    assertThat(s.key()).isEqualTo("mfsmaster,redis");
    assertThat(
            s.covers(
                io.botasky.notifier.policy.Alerts.facts(
                    1, "h", "mfs", "mfsmaster", "process_down", "critical")))
        .isTrue();
    assertThat(
            s.covers(
                io.botasky.notifier.policy.Alerts.facts(
                    1, "h", "mfs", "mfschunkserver", "process_down", "critical")))
        .isFalse();
    assertThat(
            s.covers(
                io.botasky.notifier.policy.Alerts.facts(
                    1, "h", "redis", "6379", "unreachable", "critical")))
        .isTrue();
    assertThat(
            s.covers(
                io.botasky.notifier.policy.Alerts.facts(
                    1, "h", "mysql", "3306", "unreachable", "critical")))
        .isFalse();
    assertThat(
            Scope.all()
                .covers(
                    io.botasky.notifier.policy.Alerts.facts(
                        1, "h", "mysql", "3306", "unreachable", "critical")))
        .isTrue();
  }

  @Test
  void actionStepsWithoutAnAdminTokenAreAWarning() throws Exception {
    Path c = tmp.resolve("pihealthd.conf");
    Files.writeString(
        tmp.resolve("escalation.conf"), "[policy default]\nstep1 = 0s action restart\n");
    Files.writeString(
        c,
        "master = pi1\ndata_dir = "
            + tmp.resolve("data")
            + "\nescalation_file = escalation.conf\n");
    assertThat(run("-c", c.toString(), "--check-config")).isZero();
    assertThat(err.toString())
        .contains("boird: warning:")
        .contains("admin_token")
        .contains("has action steps: the collector will refuse them");
    err.getBuffer().setLength(0);
    assertThat(
            run(
                "-c",
                conf("[policy default]\nstep1 = 0s action restart\n").toString(),
                "--check-config"))
        .isZero();
    assertThat(err.toString()).isEmpty();
  }
}
