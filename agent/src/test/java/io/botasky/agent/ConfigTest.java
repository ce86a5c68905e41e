package io.botasky.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.botasky.agent.testkit.FixtureTree;
import io.botasky.common.config.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * colConfig.ini: the sample loads clean; every bad input stops with file, line and key (exit 78).
 */
class ConfigTest {
  static final Path SAMPLE = Path.of("../config/colConfig.ini");
  @TempDir Path tmp;
  private FixtureTree tree;

  @BeforeEach
  void tree() throws Exception {
    tree = FixtureTree.copy("basic", tmp);
  }

  private Path file(String text) throws Exception {
    Path f = tmp.resolve("colConfig.ini");
    Files.writeString(f, text);
    return f;
  }

  @Test
  void theSampleLoadsWithZeroErrorsAndZeroWarnings() throws Exception {
    LoadedConfig cfg = tree.wiring().load(SAMPLE, Set.of(), true);
    assertThat(cfg.warnings()).isEmpty();
    assertThat(cfg.settings().master()).isEqualTo("pi1");
    assertThat(cfg.settings().fileMax()).isEqualTo(30L << 20);
    assertThat(cfg.settings().baseUrl()).isEqualTo("http://pi1:8732");
    assertThat(cfg.probes())
        .extracting(p -> p.id())
        .contains(
            "system/cpu",
            "system/mem",
            "system/disk",
            "system/sysinfo",
            "system/users",
            "system/procs");
    assertThat(cfg.probes())
        .filteredOn(p -> p.id().equals("system/disk"))
        .singleElement()
        .extracting(p -> p.interval())
        .isEqualTo(Duration.ofMinutes(1));
  }

  @Test
  void defaultsFollowTheContract() throws Exception {
    LoadedConfig cfg =
        tree.wiring().load(file("[agent]\nmaster = pi1\n[system]\n"), Set.of(), true);
    AgentSettings s = cfg.settings();
    assertThat(s.host()).as("the kernel's host name").isEqualTo("web1");
    assertThat(s.port()).isEqualTo(8732);
    assertThat(s.flushEvery()).isEqualTo(10);
    assertThat(s.spoolMax()).isEqualTo(512L << 20);
    assertThat(s.heartbeat()).isEqualTo(Duration.ofSeconds(10));
    assertThat(s.dataDir()).isEqualTo(Path.of("/var/lib/boagent"));
    assertThat(s.backupDir()).isEqualTo(Path.of("/var/lib/boagent/backup"));
    assertThat(s.log()).isEqualTo(tree.root().resolve("home/log/pihealth.log"));
    assertThat(cfg.probes())
        .filteredOn(p -> p.id().equals("system/cpu"))
        .singleElement()
        .extracting(p -> p.interval())
        .isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void theWaitForAnAbsentCollectorNeverExceedsOneHeartbeat() throws Exception {
    AgentSettings byDefault =
        tree.wiring().load(file("[agent]\nmaster = pi1\n[system]\n"), Set.of(), true).settings();
    assertThat(byDefault.retryMax()).isEqualTo(Duration.ofMinutes(2));
    assertThat(AgentWiring.deliveryCap(byDefault))
        .as("a live host's heartbeat reaches a returning collector within one interval")
        .isEqualTo(Duration.ofSeconds(10));
    AgentSettings shorter =
        tree.wiring()
            .load(file("[agent]\nmaster = pi1\nretry_max = 4s\n[system]\n"), Set.of(), true)
            .settings();
    assertThat(AgentWiring.deliveryCap(shorter)).isEqualTo(Duration.ofSeconds(4));
  }

  @Test
  void aTypoInASectionTypeIsAnErrorWithLineAndSuggestion() throws Exception {
    Path f = file("[agent]\nmaster = pi1\n\n[mysqll:3306]\nport = 3306\n");
    CliRun run = CliRun.on(tree, s -> 0, "-f", f.toString());
    assertThat(run.exit()).isEqualTo(78);
    assertThat(run.err())
        .contains(
            f + ":4: [mysqll:3306] unknown section type \"mysqll\" (did you mean \"mysql\"?)");
  }

  @Test
  void severalMastersAreReadInTheirOrderEachWithItsPortOrTheDefault() throws Exception {
    LoadedConfig cfg =
        tree.wiring()
            .load(
                file("[agent]\nmaster = pi9, pi10:9000 ,[::1]\nport = 8800\n[system]\n"),
                Set.of(),
                true);
    assertThat(cfg.settings().masterUrls())
        .extracting(Object::toString)
        .containsExactly("http://pi9:8800", "http://pi10:9000", "http://[::1]:8800");
    assertThat(cfg.settings().baseUrl()).isEqualTo("http://pi9:8800");
  }

  @Test
  void aBadOrRepeatedMasterIsAnErrorWithFileLineAndKey() throws Exception {
    Path f = file("[agent]\nhost = pi3\nmaster = pi9, pi 10, , PI9:8732, pi11:0\n[system]\n");
    CliRun run = CliRun.on(tree, s -> 0, "-f", f.toString());
    assertThat(run.exit()).isEqualTo(78);
    assertThat(run.err())
        .contains(f + ":3: [agent] master: 'pi 10' is not a host name or address")
        .contains(f + ":3: [agent] master: empty entry in the list of masters")
        .contains(f + ":3: [agent] master: PI9:8732 is listed twice")
        .contains(f + ":3: [agent] master: 'pi11:0': port must be 1 to 65535")
        .contains("configuration error, exiting (78)");
  }

  @Test
  void badValuesAreAllReportedWithFileLineAndKey() throws Exception {
    Path f =
        file(
            "[agent]\n"
                + "master = pi1\n"
                + "flush_every = ten\n"
                + "file_max = 3 apples\n"
                + "[system]\n"
                + "cpu_interval = 5\n"
                + "cpu_temp_warning = hot\n");
    CliRun run = CliRun.on(tree, s -> 0, "-f", f.toString());
    assertThat(run.exit()).isEqualTo(78);
    assertThat(run.err())
        .contains(f + ":3: [agent] flush_every: expected a whole number")
        .contains(f + ":4: [agent] file_max:")
        .contains(f + ":6: [system] cpu_interval:")
        .contains(f + ":7: [system] cpu_temp_warning: expected a number or \"off\", got \"hot\"")
        .contains("configuration error, exiting (78)");
  }

  @Test
  void aKeepalivedVipIsALiteralNeverAName() throws Exception {
    Path f = file("[agent]\nmaster = pi1\n[keepalived]\nvip = localhost\n");
    CliRun run = CliRun.on(tree, s -> 0, "-f", f.toString());
    assertThat(run.exit()).isEqualTo(78);
    assertThat(run.err())
        .contains(f + ":4: [keepalived] vip: expected an IP address, got \"localhost\"");
    assertThat(
            CliRun.on(
                    tree,
                    s -> 0,
                    "-f",
                    file("[agent]\nmaster = pi1\n[keepalived]\nvip = 010.0.0.1\n").toString())
                .exit())
        .isEqualTo(78);
    LoadedConfig ok =
        tree.wiring()
            .load(file("[agent]\nmaster = pi1\n[keepalived]\nvip = FE80:0:0::1\n"), Set.of(), true);
    assertThat(ok.probes()).hasSize(1);
  }

  @Test
  void missingMasterAndAMissingFile() throws Exception {
    assertThatThrownBy(() -> tree.wiring().load(file("[system]\n"), Set.of(), true))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("[agent] master: is required");
    assertThat(CliRun.on(tree, s -> 0, "-f", tmp.resolve("nope.ini").toString()).err())
        .contains("file not found");
  }

  @Test
  void aSpoolMaxBelowTwiceFileMaxIsRejected() throws Exception {
    assertThatThrownBy(
            () ->
                tree.wiring()
                    .load(
                        file("[agent]\nmaster=m\nfile_max = 30M\nspool_max = 40M\n[system]\n"),
                        Set.of(),
                        true))
        .hasMessageContaining("spool_max: must be at least twice file_max");
  }

  @Test
  void anUnknownKeyIsAWarningWithASuggestion() throws Exception {
    LoadedConfig cfg =
        tree.wiring()
            .load(file("[agent]\nmaster = pi1\n[system]\ncpu_intervall = 5s\n"), Set.of(), true);
    assertThat(cfg.warnings())
        .singleElement()
        .asString()
        .endsWith(
            ":4: [system] unknown key \"cpu_intervall\" (did you mean \"cpu_interval\"?), ignored");
  }

  @Test
  void levelsMustNotDecrease() throws Exception {
    assertThatThrownBy(
            () ->
                tree.wiring()
                    .load(
                        file("[agent]\nmaster=m\n[system]\nmem_usage_warning = 99\n"),
                        Set.of(),
                        true))
        .hasMessageContaining("levels must not decrease");
  }

  @Test
  void aSelectorForAnUnconfiguredSectionIsAnError() throws Exception {
    Path f = file("[agent]\nmaster = pi1\n[system]\n");
    CliRun run = CliRun.on(tree, s -> 0, "--mfsmaster", "-f", f.toString());
    assertThat(run.exit()).isEqualTo(78);
    assertThat(run.err()).contains("--mfsmaster given, but no [mfsmaster] section is configured");
  }

  @Test
  void selectorsPickSections() throws Exception {
    LoadedConfig cfg =
        tree.wiring().load(file("[agent]\nmaster = pi1\n[system]\n"), Set.of("system"), true);
    assertThat(cfg.probes()).hasSize(6);
  }

  @Test
  void checkExitsZeroWhenAllIsWellOneOnAnAlertAndPrintsEachResult() throws Exception {
    Path f = file("[system]\n");
    CliRun ok =
        CliRun.on(
            FixtureTree.copy("partial", tmp.resolve("p")), s -> 0, "check", "-f", f.toString());
    assertThat(ok.exit()).as(ok.out() + ok.err()).isZero();
    assertThat(ok.out()).contains("OK       system/cpu       system cpu_usage");
    CliRun hot =
        CliRun.on(FixtureTree.copy("hot", tmp.resolve("h")), s -> 0, "check", "-f", f.toString());
    assertThat(hot.exit()).isEqualTo(1);
    assertThat(hot.out())
        .contains("WARNING  system/cpu       system cpu_temp")
        .contains("WARNING  system/procs     system:4300:leaky runaway_process");
    CliRun bad =
        CliRun.on(
            FixtureTree.copy("malformed", tmp.resolve("m")), s -> 0, "check", "-f", f.toString());
    assertThat(bad.exit()).isEqualTo(1);
    assertThat(bad.out()).contains("FAILED   system/cpu").contains("not a number");
    CliRun cfgErr =
        CliRun.on(
            tree,
            s -> 0,
            "check",
            "-f",
            file("[system]\nbogus_interval = x\n[nonsense]\n").toString());
    assertThat(cfgErr.exit()).isEqualTo(78);
  }

  @Test
  void theDaemonIsBuiltAndHandedToTheStarter() throws Exception {
    Path f =
        file(
            "[agent]\nmaster = 127.0.0.1\nport = 9\ndata_dir = "
                + tmp.resolve("spool")
                + "\nlog = "
                + tmp.resolve("agent.log")
                + "\n[system]\n");
    AgentService[] got = new AgentService[1];
    CliRun run =
        CliRun.on(
            tree,
            s -> {
              got[0] = s;
              s.stop();
              return 0;
            },
            "-f",
            f.toString());
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(got[0]).isNotNull();
    assertThat(tmp.resolve("spool/boagent.lock")).exists();
  }

  @Test
  void aSecondAgentOnTheSameSpoolExitsOne() throws Exception {
    Path f =
        file(
            "[agent]\nmaster = 127.0.0.1\nport = 9\ndata_dir = "
                + tmp.resolve("spool")
                + "\nlog = "
                + tmp.resolve("agent.log")
                + "\n[system]\n");
    CliRun[] second = new CliRun[1];
    CliRun first =
        CliRun.on(
            tree,
            s -> {
              try {
                second[0] = CliRun.on(tree, t -> 0, "-f", f.toString());
              } finally {
                s.stop();
              }
              return 0;
            },
            "-f",
            f.toString());
    assertThat(first.exit()).as(first.err()).isZero();
    assertThat(second[0].exit()).as("the documented exit code (docs/reference.md)").isEqualTo(1);
    assertThat(second[0].err()).contains("locked by another boagent");
  }
}
