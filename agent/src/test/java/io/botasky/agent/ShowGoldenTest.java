package io.botasky.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.botasky.agent.testkit.FixtureTree;
import io.botasky.agent.testkit.Golden;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code boagent show …} on each fixture scenario against golden files: the report lines of
 * docs/probes/system.md, byte for byte, with a fixed clock (2025-11-21 12:40:00 Asia/Shanghai).
 */
class ShowGoldenTest {
  @TempDir Path tmp;

  @ParameterizedTest
  @ValueSource(strings = {"basic", "rpi", "hot", "partial"})
  void everyReportMatchesItsGoldenFile(String scenario) throws Exception {
    StringBuilder all = new StringBuilder();
    for (String report : new String[] {"cpu", "mem", "disk", "sysinfo", "users", "procs"}) {
      // A fresh copy per report: each measurement starts from the scenario's first reading.
      FixtureTree tree = FixtureTree.copy(scenario, tmp.resolve(report));
      CliRun run = CliRun.on(tree, s -> 0, "show", report);
      assertThat(run.exit())
          .as("exit of show %s on %s; stderr: %s", report, scenario, run.err())
          .isZero();
      all.append("$ boagent show ").append(report).append('\n').append(run.out());
    }
    Golden.assertMatches("show-" + scenario + ".txt", all.toString());
  }

  @ParameterizedTest
  @ValueSource(strings = {"cpu", "mem", "sysinfo", "users", "disk"})
  void garbageInProcIsAFailureWithTheReason(String report) throws Exception {
    FixtureTree tree = FixtureTree.copy("malformed", tmp);
    CliRun run = CliRun.on(tree, s -> 0, "show", report);
    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.err())
        .startsWith("boagent show " + report + ": ")
        .contains(tree.root().toString());
    assertThat(run.out()).isEmpty();
  }
}
