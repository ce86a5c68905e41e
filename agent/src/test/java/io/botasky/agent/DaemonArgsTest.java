package io.botasky.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.botasky.agent.testkit.FixtureTree;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daemon's own command line is taken without picocli (its model would stay in the agent's
 * metaspace for months); everything else must still reach picocli, and the two must agree.
 */
class DaemonArgsTest {
  @TempDir Path tmp;

  private Boagent boagent() throws Exception {
    return new Boagent(
        FixtureTree.copy("basic", tmp).wiring(),
        new PrintWriter(new StringWriter()),
        new PrintWriter(new StringWriter()),
        s -> 0);
  }

  @Test
  void theDaemonFormsAreTakenDirectly() throws Exception {
    Boagent b = boagent();
    assertThat(b.takeDaemonArgs(new String[] {"-f", "/etc/x.ini"})).isTrue();
    assertThat(b.config).isEqualTo(Path.of("/etc/x.ini"));
    assertThat(b.debug).isFalse();
    assertThat(b.takeDaemonArgs(new String[] {"--debug", "-c", "a.ini"})).isTrue();
    assertThat(b.config).isEqualTo(Path.of("a.ini"));
    assertThat(b.debug).isTrue();
    assertThat(b.takeDaemonArgs(new String[] {"--config", "b.ini"})).isTrue();
    assertThat(b.takeDaemonArgs(new String[0])).isTrue();
    assertThat(b.config).as("no -f: the contract's default").isEqualTo(Boagent.DEFAULT_CONFIG);
    assertThat(b.debug).isFalse();
  }

  @Test
  void everythingElseGoesToPicocli() throws Exception {
    Boagent b = boagent();
    for (String[] args :
        new String[][] {
          {"show", "cpu"},
          {"check", "-f", "x"},
          {"--system", "-f", "x"},
          {"-f"},
          {"-f", "--debug"},
          {"-f", "a", "-f", "b"},
          {"--debug", "--debug"},
          {"-h"},
          {"--version"},
          {"--config=x.ini"},
          {"-fx.ini"},
          {"x.ini"}
        }) {
      assertThat(b.takeDaemonArgs(args)).as(String.join(" ", args)).isFalse();
    }
  }

  @Test
  void bothPathsReportAMissingFileTheSameWay() throws Exception {
    String missing = tmp.resolve("nope.ini").toString();
    CliRun fast = CliRun.on(FixtureTree.copy("basic", tmp.resolve("a")), s -> 0, "-f", missing);
    CliRun picocli =
        CliRun.on(FixtureTree.copy("basic", tmp.resolve("b")), s -> 0, "--config=" + missing);
    assertThat(fast.exit()).isEqualTo(78).isEqualTo(picocli.exit());
    assertThat(fast.err()).contains("file not found").isEqualTo(picocli.err());
  }
}
