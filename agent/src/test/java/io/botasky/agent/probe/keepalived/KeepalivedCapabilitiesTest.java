package io.botasky.agent.probe.keepalived;

import static org.assertj.core.api.Assertions.assertThat;

import io.botasky.agent.probe.CheckOutcome;
import io.botasky.agent.probe.daemon.Proc;
import io.botasky.agent.probe.daemon.ProcessTable;
import io.botasky.agent.testkit.CollectingSink;
import io.botasky.common.exec.Capabilities;
import io.botasky.common.exec.CommandResult;
import io.botasky.common.exec.CommandRunner;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What the keepalived probe says when the agent lacks the capabilities of its systemd drop-in. */
class KeepalivedCapabilitiesTest {
  static final Capabilities DROP_IN =
      Capabilities.parse("CapPrm:\t80024\nCapEff:\t80024\nCapAmb:\t80024\n");
  static final Capabilities KILL_ONLY =
      Capabilities.parse("CapPrm:\t20\nCapEff:\t20\nCapAmb:\t20\n");

  @Test
  void theDropInsThreeAreAllTheProbeNeeds() {
    assertThat(KeepalivedCapabilities.NEEDED.keySet())
        .containsExactly("CAP_KILL", "CAP_SYS_PTRACE", "CAP_DAC_READ_SEARCH");
    assertThat(KeepalivedCapabilities.missing(DROP_IN)).isEmpty();
    assertThat(KeepalivedCapabilities.explain(List.of())).isNull();
  }

  @Test
  void unknownCapabilitiesClaimNothingMissing() {
    assertThat(KeepalivedCapabilities.missing(null)).isEmpty();
  }

  @Test
  void eachMissingOneIsNamedWithWhatItIsForAndTheRemedy() {
    assertThat(KeepalivedCapabilities.missing(Capabilities.NONE))
        .containsExactly("CAP_KILL", "CAP_SYS_PTRACE", "CAP_DAC_READ_SEARCH");
    assertThat(KeepalivedCapabilities.missing(KILL_ONLY))
        .containsExactly("CAP_SYS_PTRACE", "CAP_DAC_READ_SEARCH");
    String why = KeepalivedCapabilities.explain(KeepalivedCapabilities.missing(KILL_ONLY));
    assertThat(why)
        .startsWith("boagent lacks CAP_SYS_PTRACE (to look into keepalived's /proc/PID/root")
        .contains("CAP_DAC_READ_SEARCH (to read the dump (root:root 0600))")
        .doesNotContain("CAP_KILL")
        .contains("install-units.sh --agent-caps");
  }

  @Test
  void anAgentWithoutThemSeesKeepalivedRunningStateUnknownAndWhy() {
    // As an unprivileged agent sees a root keepalived: its network namespace is unreadable, kill is
    // refused.
    FakeRunner commands = new FakeRunner();
    KeepalivedProbe probe = probe(commands, Capabilities.NONE);
    CollectingSink sink = CollectingSink.round(probe);

    CheckOutcome down = sink.get("process_down");
    assertThat(down.ok()).as("keepalived runs: no false process_down; %s", down.summary()).isTrue();
    assertThat(down.summary())
        .startsWith("keepalived runs as pid 4242, state UNKNOWN (no state dump: kill exited 1: ")
        .contains(
            "boagent lacks CAP_KILL (to signal keepalived for its state dump), CAP_SYS_PTRACE",
            "CAP_DAC_READ_SEARCH")
        .contains("/opt/botasky/systemd/install-units.sh --agent-caps");
    assertThat(commands.kept)
        .as("the kill child, and only it, keeps CAP_KILL")
        .containsExactly("CAP_KILL");
    assertThat(commands.keptFor).containsExactly("kill");
  }

  @Test
  void withUnknownCapabilitiesTheSummaryClaimsNone() {
    CollectingSink sink = CollectingSink.round(probe(new FakeRunner(), null));
    assertThat(sink.get("process_down").summary())
        .contains("no state dump: kill exited 1")
        .doesNotContain("lacks");
  }

  @Test
  void aKeepalivedStillStartingIsNotSignalledForItsDump() {
    // Its dump signal would still take the default action and end it: the round is unknown, and
    // keepalived keeps running.
    FakeRunner commands = new FakeRunner();
    RootKeepalivedTable starting = new RootKeepalivedTable();
    starting.handles = false;
    CollectingSink sink = CollectingSink.round(probe(commands, DROP_IN, starting));

    CheckOutcome down = sink.get("process_down");
    assertThat(down.ok()).as(down.summary()).isTrue();
    assertThat(down.summary())
        .contains(
            "state UNKNOWN (no state dump: keepalived (pid 4242) is starting: signal 36 would end"
                + " it before its handler is set, not sent");
    assertThat(commands.keptFor).as("no kill run").isEmpty();
  }

  private static KeepalivedProbe probe(CommandRunner commands, Capabilities own) {
    return probe(commands, own, new RootKeepalivedTable());
  }

  private static KeepalivedProbe probe(
      CommandRunner commands, Capabilities own, ProcessTable table) {
    KeepalivedSettings s =
        new KeepalivedSettings(
            "10.255.255.77", "", "any", "/usr/sbin/keepalived", Duration.ofMillis(200));
    return new KeepalivedProbe(s, table, commands, own);
  }

  /** One keepalived, pid 4242, whose namespace this (unprivileged) agent cannot read. */
  static final class RootKeepalivedTable implements ProcessTable {
    boolean handles = true;

    @Override
    public List<Proc> processes() {
      return List.of(
          new Proc(1, "systemd", List.of("/sbin/init"), 'S'),
          new Proc(4242, "keepalived", List.of("/usr/sbin/keepalived", "--dont-fork"), 'S'));
    }

    @Override
    public Set<Integer> listeningPorts(int pid) throws IOException {
      throw new IOException("permission denied");
    }

    @Override
    public Optional<String> netNamespace(int pid) {
      return Optional.empty();
    }

    @Override
    public Optional<String> ownNetNamespace() {
      return Optional.of("net:[4026531840]");
    }

    @Override
    public boolean alive(int pid) {
      return true;
    }

    @Override
    public boolean handlesSignal(int pid, int signal) {
      return handles;
    }

    @Override
    public Path fileOf(int pid, String file) {
      return Path.of("/nonexistent/proc", Integer.toString(pid), "root", file);
    }
  }

  /**
   * keepalived --signum=JSON answers 36; kill is refused as the kernel refuses it without CAP_KILL.
   */
  static final class FakeRunner implements CommandRunner {
    final List<String> kept = new ArrayList<>();
    final List<String> keptFor = new ArrayList<>();

    @Override
    public CommandResult run(List<String> argv, Duration timeout) {
      if (argv.get(0).equals("kill")) {
        return new CommandResult(1, "", "kill: (4242) - Operation not permitted\n", false, false);
      }
      return new CommandResult(0, "36\n", "", false, false);
    }

    @Override
    public CommandRunner keeping(String... capabilities) {
      FakeRunner outer = this;
      kept.addAll(List.of(capabilities));
      return (argv, timeout) -> {
        outer.keptFor.add(argv.get(0));
        return outer.run(argv, timeout);
      };
    }
  }
}
