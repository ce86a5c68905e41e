package io.botasky.common.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The children of a process with ambient capabilities, for real: a JVM is started by setpriv with
 * CAP_KILL and CAP_SYS_PTRACE ambient (as systemd does with the agent's [keepalived] drop-in; as
 * root with the {@code noroot} securebit, so uid 0 brings no capability of its own) and reports
 * what its children hold. Needs root and setpriv; skipped elsewhere.
 */
class ChildCapabilitiesIT {
  private static final long KILL = 1L << 5;
  private static final long SYS_PTRACE = 1L << 19;

  @Test
  void childrenLoseTheAmbientCapabilitiesExceptTheOneKeptForKill() throws Exception {
    assumeThat(Files.isExecutable(ProcessCommandRunner.SETPRIV))
        .as("setpriv (util-linux) installed")
        .isTrue();
    Capabilities me = Capabilities.read(Path.of("/proc/self/status"));
    assumeThat(
            me.hasEffective("CAP_SETPCAP")
                && me.hasEffective("CAP_KILL")
                && me.hasEffective("CAP_SYS_PTRACE"))
        .as("running as root with CAP_SETPCAP, CAP_KILL, CAP_SYS_PTRACE")
        .isTrue();

    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> cmd =
        List.of(
            ProcessCommandRunner.SETPRIV.toString(),
            "--securebits=+noroot",
            "--bounding-set=-all,+kill,+sys_ptrace",
            "--inh-caps=-all,+kill,+sys_ptrace",
            "--ambient-caps=-all,+kill,+sys_ptrace",
            "--",
            java,
            "-cp",
            System.getProperty("java.class.path"),
            ChildCapabilitiesDriver.class.getName());
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("driver finished; output:%n%s", out).isTrue();
    assertThat(p.exitValue()).as("driver exit code; output:%n%s", out).isZero();
    Map<String, long[]> sets =
        out.lines()
            .map(l -> l.split(" "))
            .filter(f -> f.length == 4)
            .collect(
                Collectors.toMap(
                    f -> f[0],
                    f ->
                        new long[] {
                          Long.parseUnsignedLong(f[1], 16),
                          Long.parseUnsignedLong(f[2], 16),
                          Long.parseUnsignedLong(f[3], 16)
                        }));
    assertThat(sets)
        .as("driver output:%n%s", out)
        .containsKeys("self", "plain", "stripped", "kept");

    assertThat(sets.get("self"))
        .as("the JVM: permitted, effective, ambient")
        .containsExactly(KILL | SYS_PTRACE, KILL | SYS_PTRACE, KILL | SYS_PTRACE);
    assertThat(sets.get("plain"))
        .as("control: a child of a plain runner inherits them (what the fix is for)")
        .containsExactly(KILL | SYS_PTRACE, KILL | SYS_PTRACE, KILL | SYS_PTRACE);
    assertThat(sets.get("stripped"))
        .as("a child of the stripping runner: nothing")
        .containsExactly(0L, 0L, 0L);
    assertThat(sets.get("kept"))
        .as("the keepalived probe's kill: CAP_KILL alone")
        .containsExactly(KILL, KILL, KILL);
  }
}
