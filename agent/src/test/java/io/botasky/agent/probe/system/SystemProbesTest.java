package io.botasky.agent.probe.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.botasky.agent.probe.CheckOutcome;
import io.botasky.agent.probe.ProbeException;
import io.botasky.agent.probe.RecordingSink;
import io.botasky.agent.testkit.FixtureTree;
import io.botasky.common.wire.Severity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The system probes' samples and outcomes on each fixture scenario. */
class SystemProbesTest {
  @TempDir Path tmp;
  private final SystemSettings cfg = SystemSettings.defaults();

  private RecordingSink run(
      String scenario,
      java.util.function.BiFunction<SystemSources, SystemSettings, io.botasky.agent.probe.Probe>
          make)
      throws Exception {
    FixtureTree tree = FixtureTree.copy(scenario, tmp);
    RecordingSink sink = new RecordingSink(tree.clock());
    make.apply(tree.sources(), cfg).run(sink);
    return sink;
  }

  private static CheckOutcome outcome(RecordingSink s, String check) {
    return s.outcomes().stream()
        .filter(o -> o.check().equals(check))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no outcome " + check + " in " + s.outcomes()));
  }

  @Test
  void basicHostIsHealthyExceptNothing() throws Exception {
    RecordingSink s = run("basic", CpuProbe::new);
    assertThat(s.outcomes()).allMatch(CheckOutcome::ok, "all OK");
    assertThat(outcome(s, "cpu_temp").value()).isEqualTo(45.7);
    assertThat(s.samples())
        .extracting(x -> x.metric())
        .contains("cpu.load1", "cpu.usage", "cpu.temp_celsius")
        .doesNotContain("cpu.throttled_bits");
  }

  @Test
  void raspberryPiReportsUnderVoltageFromGetThrottled() throws Exception {
    RecordingSink s = run("rpi", CpuProbe::new);
    CheckOutcome t = outcome(s, "cpu_throttled");
    assertThat(t.severity()).isEqualTo(Severity.CRITICAL);
    assertThat(t.summary()).contains("under-voltage", "throttled", "0x50005");
    assertThat(outcome(s, "cpu_temp").severity())
        .as("62.3 °C is in the note band 50–70")
        .isEqualTo(Severity.NOTE);
    assertThat(outcome(s, "cpu_temp").threshold()).isEqualTo(50.0);
  }

  @Test
  void hotCpuIsAWarningFrom70Degrees() throws Exception {
    RecordingSink s = run("hot", CpuProbe::new);
    assertThat(outcome(s, "cpu_temp").severity()).isEqualTo(Severity.WARNING);
    assertThat(outcome(s, "cpu_temp").threshold()).isEqualTo(70.0);
    assertThat(outcome(s, "cpu_usage").severity()).as("97.5 %% busy").isEqualTo(Severity.WARNING);
    assertThat(outcome(s, "cpu_throttled").ok()).isTrue();
  }

  @Test
  void runawayProcessesAreConfirmedAtTwoSamplesAndNameUserAndCommand() throws Exception {
    RecordingSink s = run("hot", RunawayProcessProbe::new);
    List<CheckOutcome> r =
        s.outcomes().stream().filter(o -> o.check().equals("runaway_process")).toList();
    assertThat(r)
        .extracting(CheckOutcome::instance)
        .containsExactlyInAnyOrder("4242:burn cpu", "4300:leaky")
        .as("make was busy in the first window only")
        .doesNotContain("4400:make");
    CheckOutcome burn =
        r.stream().filter(o -> o.instance().startsWith("4242")).findFirst().orElseThrow();
    assertThat(burn.details())
        .containsEntry("user", "zq")
        .containsEntry("pid", 4242)
        .containsEntry("command", "python3 -c while True: pass")
        .containsEntry("cpu_percent", 100.0);
    assertThat(burn.summary()).contains("pid 4242", "zq", "while True");
  }

  @Test
  void runawayNameAndCommandLineAreNeutralisedAndCutBeforeTheyLeaveTheHost() throws Exception {
    FixtureTree tree = FixtureTree.copy("hot", tmp);
    Path pid = tree.root().resolve("proc/4242");
    for (String f : List.of("stat", "stat.step1", "stat.step2")) {
      Path p = pid.resolve(f);
      Files.writeString(p, Files.readString(p).replace("(burn cpu)", "(b\u001b[31mrn\u202ecpu)"));
    }
    String cmd =
        "python3\0-c\0\u001b]0;pwned\u0007 x\r\n2026-11-21T10:00:00.000Z FORGED\0"
            + "A".repeat(400)
            + "\0--password=hunter2\0";
    Files.write(pid.resolve("cmdline"), cmd.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    RecordingSink s = new RecordingSink(tree.clock());
    new RunawayProcessProbe(tree.sources(), cfg).run(s);
    CheckOutcome burn =
        s.outcomes().stream()
            .filter(o -> o.instance() != null && o.instance().startsWith("4242"))
            .findFirst()
            .orElseThrow();
    assertThat(burn.instance()).isEqualTo("4242:b\\x1b[31mrn\\u202ecpu");
    String command = (String) burn.details().get("command");
    assertThat(command)
        .startsWith("python3 -c \\x1b]0;pwned\\x07 x\\r\\n2026-11-21T10:00:00.000Z FORGED AAA")
        .endsWith("A…")
        .doesNotContain("hunter2");
    assertThat(command.codePointCount(0, command.length()))
        .isEqualTo(RunawayProcessProbe.MAX_COMMAND + 1);
    for (String out : List.of(burn.instance(), burn.summary(), command)) {
      assertThat(out.codePoints().filter(io.botasky.common.text.SafeText::needsEscape).count())
          .as(out)
          .isZero();
    }
    assertThat(burn.summary().length()).isLessThanOrEqualTo(512);
  }

  @Test
  void quietHostHasNoRunawayAndSkipsTheSecondScan() throws Exception {
    FixtureTree tree = FixtureTree.copy("rpi", tmp);
    int[] sleeps = {0};
    SystemSources src = tree.sources();
    SystemSources counting =
        new SystemSources(
            src.proc(),
            src.sys(),
            src.etc(),
            src.fsStats(),
            src.clock(),
            d -> {
              sleeps[0]++;
              src.sleeper().sleep(d);
            });
    ProcsReport r = new RunawayProcessProbe(counting, cfg).measure();
    assertThat(r.runaways()).isEmpty();
    assertThat(sleeps[0]).isEqualTo(1);
  }

  @Test
  void diskOutcomesPerMountPointWithSpacesUnescaped() throws Exception {
    RecordingSink s = run("rpi", DiskProbe::new);
    assertThat(s.outcomes())
        .extracting(CheckOutcome::instance)
        .containsExactly("/", "/boot/firmware", "/mnt/usb disk");
  }

  @Test
  void aMountThatCannotBeMeasuredIsReportedAtInfo() throws Exception {
    FixtureTree tree = FixtureTree.copy("rpi", tmp);
    java.nio.file.Files.writeString(
        tree.root().resolve("statfs.txt"), "/ 31268536320 12884901888 11274289152\n");
    RecordingSink s = new RecordingSink(tree.clock());
    new DiskProbe(tree.sources(), cfg).run(s);
    assertThat(s.outcomes())
        .filteredOn(o -> "/boot/firmware".equals(o.instance()))
        .singleElement()
        .satisfies(
            o -> {
              assertThat(o.severity()).isEqualTo(Severity.INFO);
              assertThat(o.summary()).startsWith("cannot read the space of /boot/firmware: ");
            });
    assertThat(s.outcomes())
        .filteredOn(o -> "/".equals(o.instance()))
        .singleElement()
        .matches(CheckOutcome::ok);
  }

  @Test
  void diskUsageLevelsOnTheBasicHome() throws Exception {
    RecordingSink s = run("basic", DiskProbe::new);
    CheckOutcome home =
        s.outcomes().stream().filter(o -> "/home".equals(o.instance())).findFirst().orElseThrow();
    assertThat(home.severity()).isEqualTo(Severity.NOTE);
    assertThat(home.threshold()).isEqualTo(80.0);
  }

  @Test
  void memoryUsesMemAvailableAndTheDynamicAverage() throws Exception {
    FixtureTree tree = FixtureTree.copy("rpi", tmp);
    MemProbe p = new MemProbe(tree.sources(), cfg);
    MemReport first = p.measure();
    assertThat(first.usedPercent()).isCloseTo(78.4, org.assertj.core.data.Offset.offset(0.05));
    assertThat(first.dynamicAverage()).isEqualTo(first.usedPercent());
    java.nio.file.Files.writeString(
        tree.root().resolve("proc/meminfo"),
        "MemTotal: 1000000 kB\nMemFree: 500000 kB\nMemAvailable: 600000 kB\n");
    MemReport second = p.measure();
    assertThat(second.dynamicAverage())
        .isCloseTo(
            0.3 * first.usedPercent() + 0.7 * 40.0, org.assertj.core.data.Offset.offset(1e-9));
  }

  @Test
  void olderKernelWithoutMemAvailableEstimatesIt() throws Exception {
    FixtureTree tree = FixtureTree.copy("partial", tmp);
    MemReport r = new MemProbe(tree.sources(), cfg).measure();
    assertThat(r.available()).isEqualTo((102400L + 51200 + 153600) * 1024);
  }

  @Test
  void missingThermalZoneIsNotAvailableNotAnError() throws Exception {
    RecordingSink s = run("partial", CpuProbe::new);
    assertThat(s.outcomes())
        .extracting(CheckOutcome::check)
        .doesNotContain("cpu_temp", "cpu_throttled");
    assertThat(s.outcomes()).allMatch(CheckOutcome::ok);
  }

  @Test
  void newRootUserRaisesRootUserAgainstTheBaseline() throws Exception {
    FixtureTree tree = FixtureTree.copy("basic", tmp);
    UsersProbe p = new UsersProbe(tree.sources(), cfg);
    RecordingSink first = new RecordingSink(tree.clock());
    p.run(first);
    assertThat(first.outcomes()).as("first round sets the baseline").isEmpty();
    Path group = tree.root().resolve("etc/group");
    java.nio.file.Files.writeString(
        group,
        java.nio.file.Files.readString(group).replace("sudo:x:27:pi,zq", "sudo:x:27:pi,zq,suyelu"));
    RecordingSink second = new RecordingSink(tree.clock());
    p.run(second);
    assertThat(second.outcomes())
        .singleElement()
        .satisfies(
            o -> {
              assertThat(o.check()).isEqualTo("root_user");
              assertThat(o.instance()).isEqualTo("suyelu");
              assertThat(o.severity()).isEqualTo(Severity.WARNING);
            });
  }

  @Test
  void recentUsersLookFurtherBackWhenTheLastRecordsNameFewerThanThree() throws Exception {
    FixtureTree tree = FixtureTree.copy("basic", tmp);
    java.io.ByteArrayOutputStream w = new java.io.ByteArrayOutputStream();
    java.time.Instant t = FixtureTree.T0.minusSeconds(100_000);
    for (String u : List.of("zq", "suyelu")) {
      w.write(
          io.botasky.agent.linux.LoginRecord.encode(
              new io.botasky.agent.linux.LoginRecord(7, 1, "pts/0", u, "10.0.0.1", t)));
    }
    for (int i = 0; i < 300; i++) {
      w.write(
          io.botasky.agent.linux.LoginRecord.encode(
              new io.botasky.agent.linux.LoginRecord(7, 2, "tty1", "pi", "", t.plusSeconds(i))));
    }
    java.nio.file.Files.write(tree.root().resolve("log/wtmp"), w.toByteArray());
    assertThat(new UsersProbe(tree.sources(), cfg).measure().recent())
        .containsExactly("pi", "suyelu", "zq");
  }

  @Test
  void configuredRootUsersAreTheExpectedSet() throws Exception {
    FixtureTree tree = FixtureTree.copy("basic", tmp);
    SystemSettings d = SystemSettings.defaults();
    SystemSettings strict =
        new SystemSettings(
            d.cpuInterval(),
            d.memInterval(),
            d.diskInterval(),
            d.sysinfoInterval(),
            d.usersInterval(),
            d.procInterval(),
            d.cpuSample(),
            d.cpuUsage(),
            d.cpuLoad(),
            d.cpuTemp(),
            d.memUsage(),
            d.diskUsage(),
            d.runawayCpu(),
            d.runawayMem(),
            d.runawayWait(),
            d.uidMin(),
            List.of("root", "pi"));
    RecordingSink s = new RecordingSink(tree.clock());
    new UsersProbe(tree.sources(), strict).run(s);
    assertThat(s.outcomes()).extracting(CheckOutcome::instance).containsExactly("zq");
  }

  @Test
  void malformedFilesFailTheRoundWithTheFileAndReason() throws Exception {
    FixtureTree tree = FixtureTree.copy("malformed", tmp);
    SystemSources src = tree.sources();
    RecordingSink sink = new RecordingSink(tree.clock());
    assertThatThrownBy(() -> new CpuProbe(src, cfg).run(sink))
        .isInstanceOf(ProbeException.class)
        .hasMessageContaining("loadavg")
        .hasMessageContaining("not a number");
    assertThatThrownBy(() -> new MemProbe(src, cfg).run(sink))
        .isInstanceOf(ProbeException.class)
        .hasMessageContaining("meminfo");
    assertThatThrownBy(() -> new DiskProbe(src, cfg).run(sink))
        .isInstanceOf(ProbeException.class)
        .hasMessageContaining("mounts");
    assertThatThrownBy(() -> new UsersProbe(src, cfg).run(sink))
        .isInstanceOf(ProbeException.class)
        .hasMessageContaining("passwd")
        .hasMessageContaining("line 9");
  }

  @Test
  void oneMalformedProcessDoesNotBlindTheScan() throws Exception {
    FixtureTree tree = FixtureTree.copy("malformed", tmp);
    List<String> bad = new java.util.ArrayList<>();
    assertThat(tree.sources().proc().processStats(bad)).extracting(x -> x.pid()).containsExactly(1);
    assertThat(bad).singleElement().asString().startsWith("77/stat");
  }

  @Test
  void sysinfoFeedsTheHeartbeatMap() throws Exception {
    FixtureTree tree = FixtureTree.copy("rpi", tmp);
    SysinfoProbe p = new SysinfoProbe(tree.sources(), cfg);
    p.run(new RecordingSink(tree.clock()));
    Map<String, Object> m = new java.util.LinkedHashMap<>();
    p.contribute(m);
    assertThat(m)
        .containsEntry("hostname", "pi3")
        .containsEntry("cpu_temp_celsius", 62.3)
        .containsEntry("mem_level", "note")
        .containsKey("uptime_seconds")
        .doesNotContainKey("vips_held");
  }
}
