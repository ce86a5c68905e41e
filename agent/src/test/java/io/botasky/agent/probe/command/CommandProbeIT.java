package io.botasky.agent.probe.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.botasky.agent.probe.CheckOutcome;
import io.botasky.agent.probe.ProbeEnv;
import io.botasky.agent.probe.RecordingSink;
import io.botasky.agent.testkit.TestEnv;
import io.botasky.common.config.ConfigReport;
import io.botasky.common.exec.ProcessCommandRunner;
import io.botasky.common.wire.Sample;
import io.botasky.common.wire.Severity;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code [command:*]} running Debian's real Monitoring Plugins ({@code monitoring-plugins-basic})
 * through the real process runner as the agent builds it: setsid, a clean environment, 64 KiB of
 * output kept.
 */
class CommandProbeIT {
  static final Path PLUGINS = Path.of("/usr/lib/nagios/plugins");

  @TempDir Path tmp;
  final ProbeEnv env = TestEnv.with(new ProcessCommandRunner(64 * 1024)).withHost("it-host");

  @BeforeAll
  static void plugins() {
    if (!Files.isExecutable(PLUGINS.resolve("check_dummy"))) {
      String why = PLUGINS + "/check_dummy missing: apt-get install monitoring-plugins-basic";
      if ("true".equals(System.getenv("CI"))) {
        fail(why);
      }
      Assumptions.abort(why);
    }
  }

  private CommandProbe probe(String body) {
    ConfigReport report = new ConfigReport();
    CommandProbe p =
        (CommandProbe)
            new CommandProbeFactory()
                .create(TestEnv.section("[command:it]\n" + body + "\n", report), env);
    assertThat(report.errors()).as("config errors").isEmpty();
    return p;
  }

  private static RecordingSink round(CommandProbe p) throws Exception {
    RecordingSink sink = new RecordingSink(Clock.systemUTC());
    p.run(sink);
    return sink;
  }

  private static CheckOutcome check(RecordingSink s, String check) {
    return s.outcomes().stream()
        .filter(o -> o.check().equals(check))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + check + " in " + s.outcomes()));
  }

  private static Map<String, Sample> samples(RecordingSink s) {
    Map<String, Sample> m = new java.util.LinkedHashMap<>();
    s.samples().forEach(x -> m.put(x.metric(), x));
    return m;
  }

  @Test
  void checkDummyStatesAndText() throws Exception {
    CommandProbe p = probe("command = " + PLUGINS + "/check_dummy 0 'all :instance: fine'");
    RecordingSink ok = round(p);
    assertThat(check(ok, "status").ok()).isTrue();
    assertThat(check(ok, "status").summary()).isEqualTo("OK: all it fine");
    assertThat(check(ok, "unknown").ok()).isTrue();

    RecordingSink warn = round(probe("command = " + PLUGINS + "/check_dummy 1 'half ok'"));
    assertThat(check(warn, "status").severity()).isEqualTo(Severity.WARNING);
    assertThat(check(warn, "status").summary()).isEqualTo("WARNING: half ok");

    RecordingSink crit = round(probe("command = " + PLUGINS + "/check_dummy 2 down"));
    assertThat(check(crit, "status").severity()).isEqualTo(Severity.CRITICAL);

    CommandProbe flips = probe("command = " + PLUGINS + "/check_dummy 3 'no idea'");
    RecordingSink unknown = round(flips);
    assertThat(check(unknown, "unknown").severity()).isEqualTo(Severity.WARNING);
    assertThat(check(unknown, "unknown").summary()).isEqualTo("UNKNOWN (exit 3): UNKNOWN: no idea");
  }

  @Test
  void aBareNameIsLookedUpInThePluginsPathWhenItRuns() throws Exception {
    RecordingSink s = round(probe("command = check_dummy_not_installed_anywhere 0"));
    assertThat(check(s, "unknown").summary())
        .startsWith("cannot start: ")
        .contains("check_dummy_not_installed_anywhere");
    assertThat(s.outcomes()).extracting(CheckOutcome::check).containsExactly("unknown");
  }

  @Test
  void checkTcpAgainstAPortOpenAndClosed() throws Exception {
    try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      Thread acceptor =
          new Thread(
              () -> {
                while (!server.isClosed()) {
                  try {
                    server.accept().close();
                  } catch (java.io.IOException e) {
                    return;
                  }
                }
              });
      acceptor.setDaemon(true);
      acceptor.start();
      int port = server.getLocalPort();
      RecordingSink up =
          round(probe("command = " + PLUGINS + "/check_tcp -H 127.0.0.1 -p " + port));
      assertThat(check(up, "status").ok()).as("%s", up.outcomes()).isTrue();
      assertThat(check(up, "status").summary()).startsWith("TCP OK");
      Sample time = samples(up).get("command.time");
      assertThat(time).as("%s", up.samples()).isNotNull();
      assertThat(time.labels()).containsEntry("unit", "s").containsEntry("instance", "it");
      server.close();
      RecordingSink down =
          round(probe("command = " + PLUGINS + "/check_tcp -H 127.0.0.1 -p " + port));
      assertThat(check(down, "status").severity()).isEqualTo(Severity.CRITICAL);
      assertThat(check(down, "status").summary()).contains("Connection refused");
    }
  }

  @Test
  void checkDiskAndCheckProcsPerfdataBecomeSamples() throws Exception {
    RecordingSink disk = round(probe("command = " + PLUGINS + "/check_disk -w 1% -c 1% -p /"));
    assertThat(check(disk, "status").summary()).startsWith("DISK");
    Sample root = samples(disk).get("command._");
    assertThat(root).as("%s", disk.samples()).isNotNull();
    assertThat(root.labels()).containsEntry("label", "/").containsKey("unit");
    assertThat(root.value()).isPositive();
    assertThat(samples(disk).get("probe.perfdata_skipped").value()).isZero();

    RecordingSink procs = round(probe("command = " + PLUGINS + "/check_procs"));
    assertThat(samples(procs).get("command.procs").value()).isPositive();
  }

  @Test
  void aHangingPluginIsKilledWithItsGrandchildAtTheTimeout() throws Exception {
    Path pidFile = tmp.resolve("grandchild.pid");
    Path script = script("hang", "#!/bin/sh\nsleep 600 &\necho $! > " + pidFile + "\nwait\n");
    CommandProbe p = probe("command = " + script + "\ntimeout = 1s\ninterval = 5s");
    long start = System.nanoTime();
    RecordingSink s = round(p);
    assertThat(Duration.ofNanos(System.nanoTime() - start))
        .as("within the runner's 2 s grace")
        .isLessThan(Duration.ofSeconds(3));
    assertThat(check(s, "unknown").summary())
        .isEqualTo("timed out after 1 s, killed with every process it started");
    assertGone(Long.parseLong(Files.readString(pidFile).strip()));

    RecordingSink sleep = round(probe("command = /bin/sleep 60\ntimeout = 1s"));
    assertThat(check(sleep, "unknown").summary()).startsWith("timed out after 1 s");
  }

  @Test
  void aFloodingPluginIsCappedAndStillJudged() throws Exception {
    long start = System.nanoTime();
    RecordingSink zeros = round(probe("command = /usr/bin/head -c 100000000 /dev/zero"));
    assertThat(check(zeros, "status").ok()).isTrue();
    assertThat(check(zeros, "status").summary()).isEqualTo("exit 0, no output");
    assertThat(check(zeros, "status").details()).containsEntry("output_truncated", true);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(9));

    RecordingSink yes = round(probe("command = /usr/bin/yes 'OK | a=1'\ntimeout = 1s"));
    assertThat(check(yes, "unknown").summary()).startsWith("timed out");
  }

  @Test
  void exit255GarbageAndInvalidUtf8() throws Exception {
    Path weird = script("weird", "#!/bin/sh\necho 'weird|a=1'\nexit 255\n");
    RecordingSink s = round(probe("command = " + weird));
    assertThat(check(s, "unknown").summary()).isEqualTo("exit 255 (not a plugin state): weird");
    assertThat(check(s, "unknown").value()).isEqualTo(255.0);

    Path garbage =
        script(
            "garbage",
            "#!/bin/sh\nprintf 'OK \\377\\376\\033[31mred\\000\\a done| a=1 b=\\377 c=2\\n'\n"
                + "head -c 5000 /dev/urandom\nexit 0\n");
    RecordingSink g = round(probe("command = " + garbage));
    assertThat(check(g, "status").summary()).isEqualTo("OK \ufffd\ufffd[31mred done");
    assertThat(check(g, "status").ok()).isTrue();
    assertThat(samples(g)).containsKeys("command.a", "command.c");
    assertThat(samples(g).get("probe.perfdata_skipped").value()).isGreaterThanOrEqualTo(1);
  }

  @Test
  void thePluginSeesOnlyPathAndLang() throws Exception {
    Path env = script("env", "#!/bin/sh\necho \"OK $(env | sort | tr '\\n' ' ')\"\n");
    RecordingSink s = round(probe("command = " + env));
    assertThat(check(s, "status").summary())
        .isEqualTo("OK LANG=C.UTF-8 PATH=/usr/local/bin:/usr/bin:/bin PWD=" + cwd());
  }

  private static String cwd() {
    return Path.of("").toAbsolutePath().toString();
  }

  private Path script(String name, String text) throws Exception {
    Path p = tmp.resolve(name);
    Files.writeString(p, text);
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
    return p;
  }

  private static void assertGone(long pid) throws Exception {
    long until = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (System.nanoTime() < until) {
      try {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        char state = stat.charAt(stat.lastIndexOf(')') + 2);
        if (state == 'Z' || state == 'X') {
          return;
        }
      } catch (NoSuchFileException e) {
        return;
      }
      Thread.sleep(50);
    }
    fail("grandchild " + pid + " still running");
  }
}
