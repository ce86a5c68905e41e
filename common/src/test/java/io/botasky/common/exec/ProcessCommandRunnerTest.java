package io.botasky.common.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real command runner, on real processes. */
class ProcessCommandRunnerTest {
  final ProcessCommandRunner runner = new ProcessCommandRunner(1024);

  @Test
  void capturesOutputAndExitCode() throws Exception {
    CommandResult r =
        runner.run(List.of("sh", "-c", "echo out; echo err >&2; exit 3"), Duration.ofSeconds(10));
    assertThat(r.exitCode()).isEqualTo(3);
    assertThat(r.stdout()).isEqualTo("out\n");
    assertThat(r.stderr()).isEqualTo("err\n");
    assertThat(r.timedOut()).isFalse();
    assertThat(r.ok()).isFalse();
  }

  @Test
  void aCommandReadingStdinSeesEndOfInputInsteadOfHanging() throws Exception {
    CommandResult r = runner.run(List.of("cat"), Duration.ofSeconds(10));
    assertThat(r.ok()).isTrue();
    assertThat(r.stdout()).isEmpty();
  }

  @Test
  void aSlowCommandIsKilledAtItsDeadline() throws Exception {
    long start = System.nanoTime();
    CommandResult r = runner.run(List.of("sleep", "30"), Duration.ofMillis(300));
    assertThat(r.timedOut()).isTrue();
    assertThat(r.ok()).isFalse();
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
  }

  @Test
  void outputIsCappedAndMarkedTruncated() throws Exception {
    CommandResult r =
        runner.run(
            List.of("sh", "-c", "head -c 100000 /dev/zero | tr '\\0' x"), Duration.ofSeconds(10));
    assertThat(r.stdout()).hasSize(1024);
    assertThat(r.truncated()).isTrue();
    assertThat(r.exitCode()).isZero();
  }

  @Test
  void aMissingProgramIsAnIOException() {
    assertThatThrownBy(() -> runner.run(List.of("/nonexistent/mfscli"), Duration.ofSeconds(5)))
        .isInstanceOf(IOException.class);
  }

  // Capabilities: the command line that is started (the real effect on a child:
  // ChildCapabilitiesIT).

  static final Capabilities KEEPALIVED_AGENT =
      Capabilities.parse(
          "CapInh:\t80024\nCapPrm:\t80024\nCapEff:\t80024\n" + "CapBnd:\t80024\nCapAmb:\t80024\n");

  @Test
  void withoutAmbientCapabilitiesTheCommandRunsAsGiven() throws Exception {
    ProcessCommandRunner r =
        ProcessCommandRunner.stripping(
            1024, Capabilities.NONE, Path.of("/nonexistent/setpriv"), "/bin");
    assertThat(r.commandLine(List.of("mfscli", "-SIN"))).containsExactly("mfscli", "-SIN");
    assertThat(
            ((ProcessCommandRunner) r.keeping("CAP_KILL"))
                .commandLine(List.of("kill", "-s", "USR1", "1")))
        .containsExactly("kill", "-s", "USR1", "1");
  }

  @Test
  void withAmbientCapabilitiesEveryChildStartsThroughSetprivWithout(@TempDir Path bin)
      throws Exception {
    Path tool = fakeProgram(bin, "mfscli");
    ProcessCommandRunner r =
        ProcessCommandRunner.stripping(
            1024, KEEPALIVED_AGENT, Path.of("/bin/true"), "/nonexistent:" + bin);
    assertThat(r.commandLine(List.of("mfscli", "-SIN", "-H", "127.0.0.1")))
        .as("no shell; the program by its absolute path")
        .containsExactly(
            "/bin/true",
            "--inh-caps=-all",
            "--ambient-caps=-all",
            "--",
            tool.toString(),
            "-SIN",
            "-H",
            "127.0.0.1");
    assertThat(r.commandLine(List.of(tool.toString()))).endsWith("--", tool.toString());
  }

  @Test
  void keepingRaisesOnlyTheNamedCapabilityAndOnlyWhenHeld(@TempDir Path bin) throws Exception {
    Path kill = fakeProgram(bin, "kill");
    ProcessCommandRunner r =
        ProcessCommandRunner.stripping(
            1024, KEEPALIVED_AGENT, Path.of("/bin/true"), bin.toString());
    assertThat(
            ((ProcessCommandRunner) r.keeping("CAP_KILL"))
                .commandLine(List.of("kill", "-s", "36", "42")))
        .containsExactly(
            "/bin/true",
            "--inh-caps=-all,+kill",
            "--ambient-caps=-all,+kill",
            "--",
            kill.toString(),
            "-s",
            "36",
            "42");
    assertThat(((ProcessCommandRunner) r.keeping("CAP_NET_ADMIN")).commandLine(List.of("kill")))
        .as("a capability the agent does not hold is not asked for")
        .startsWith("/bin/true", "--inh-caps=-all", "--ambient-caps=-all", "--");
    assertThat(r.commandLine(List.of("kill")))
        .as("keeping() leaves the original runner alone")
        .contains("--inh-caps=-all");
    assertThatThrownBy(() -> r.keeping("CAP_NOPE")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aMissingProgramIsStillAnIOExceptionBehindSetpriv() {
    ProcessCommandRunner r =
        ProcessCommandRunner.stripping(
            1024, KEEPALIVED_AGENT, Path.of("/bin/true"), "/nonexistent");
    assertThatThrownBy(() -> r.run(List.of("mfscli"), Duration.ofSeconds(5)))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("mfscli");
    assertThatThrownBy(() -> r.run(List.of("/nonexistent/mfscli"), Duration.ofSeconds(5)))
        .isInstanceOf(IOException.class);
  }

  @Test
  void withoutSetprivNoChildStartsWithTheCapabilities() {
    ProcessCommandRunner r =
        ProcessCommandRunner.stripping(
            1024, KEEPALIVED_AGENT, Path.of("/nonexistent/setpriv"), "/bin");
    assertThatThrownBy(() -> r.run(List.of("true"), Duration.ofSeconds(5)))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("/nonexistent/setpriv not found")
        .hasMessageContaining("CAP_DAC_READ_SEARCH CAP_KILL CAP_SYS_PTRACE");
  }

  private static Path fakeProgram(Path dir, String name) throws IOException {
    Path p = dir.resolve(name);
    Files.writeString(p, "#!/bin/sh\nexit 0\n");
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
    return p;
  }
}
