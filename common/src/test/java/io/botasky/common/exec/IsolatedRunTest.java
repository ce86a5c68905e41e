package io.botasky.common.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link ProcessCommandRunner#runIsolated} on real processes: a clean environment, a session of its
 * own through util-linux setsid, the whole group killed at the deadline and after the exit.
 */
class IsolatedRunTest {
  static final Map<String, String> ENV =
      Map.of("PATH", "/usr/local/bin:/usr/bin:/bin", "LANG", "C.UTF-8");

  final ProcessCommandRunner runner = new ProcessCommandRunner(64 * 1024);

  // Repeated: a quick exit once raced the output readers (Process.destroy closes the streams).
  @RepeatedTest(50)
  void theEnvironmentIsExactlyTheOneGiven() throws Exception {
    CommandResult r = runner.runIsolated(List.of("env"), ENV, Duration.ofSeconds(10));
    assertThat(r.exitCode()).as("%s", r).isZero();
    assertThat(r.stdout().lines().sorted().toList())
        .containsExactly("LANG=C.UTF-8", "PATH=/usr/local/bin:/usr/bin:/bin");
  }

  @Test
  void aBareNameIsLookedUpInTheGivenPathNotTheAgents() {
    assertThatThrownBy(
            () ->
                runner.runIsolated(
                    List.of("env"), Map.of("PATH", "/nonexistent"), Duration.ofSeconds(5)))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("env");
  }

  @Test
  void theProgramLeadsItsOwnSessionAndGroupWithoutAnExtraProcess() throws Exception {
    CommandResult r =
        runner.runIsolated(List.of("/bin/cat", "/proc/self/stat"), ENV, Duration.ofSeconds(10));
    Stat s = Stat.parse(r.stdout());
    assertThat(s.pgrp()).as("process group of %s", r.stdout()).isEqualTo(s.pid());
    assertThat(s.session()).as("session of %s", r.stdout()).isEqualTo(s.pid());
    assertThat(s.ppid()).as("setsid did not fork: the JVM is the parent").isEqualTo(pid());
  }

  @Test
  void behindSetprivTooTheProgramLeadsItsGroupAndHoldsNoAmbientCapability() throws Exception {
    ProcessCommandRunner stripping =
        ProcessCommandRunner.stripping(
            64 * 1024,
            ProcessCommandRunnerTest.KEEPALIVED_AGENT,
            ProcessCommandRunner.SETPRIV,
            "/usr/bin:/bin");
    CommandResult stat =
        stripping.runIsolated(List.of("cat", "/proc/self/stat"), ENV, Duration.ofSeconds(10));
    Stat s = Stat.parse(stat.stdout());
    assertThat(s.pgrp()).as("%s %s", stat.stdout(), stat.stderr()).isEqualTo(s.pid());
    assertThat(s.ppid()).isEqualTo(pid());
    CommandResult status =
        stripping.runIsolated(List.of("cat", "/proc/self/status"), ENV, Duration.ofSeconds(10));
    assertThat(status.stdout()).containsPattern("CapAmb:\\s+0+\n");
  }

  /**
   * Each script prints the pid of a sleep it started and must not outlive the run: waited for by
   * the shell (killing the shell alone would orphan it), orphaned at once by a subshell (no
   * descendant of ours any more: only the group kill reaches it), or left behind by a shell that
   * exits.
   */
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "sleep 600 & echo $!; wait                       | true",
        "(sleep 600 & echo $!); sleep 600                | true",
        "sleep 600 >/dev/null 2>&1 & echo $!; exit 0     | false"
      })
  void nothingTheProgramStartedOutlivesTheRun(String script, boolean hangs) throws Exception {
    long start = System.nanoTime();
    CommandResult r =
        runner.runIsolated(
            List.of("/bin/sh", "-c", script),
            ENV,
            hangs ? Duration.ofMillis(700) : Duration.ofSeconds(10));
    assertThat(r.timedOut()).isEqualTo(hangs);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    assertGone(Long.parseLong(r.stdout().strip()));
  }

  @Test
  void aLeftoverHoldingTheOutputOpenDoesNotHoldTheRunUp() throws Exception {
    long start = System.nanoTime();
    CommandResult r =
        runner.runIsolated(
            List.of("/bin/sh", "-c", "echo OK; sleep 600 & exit 0"), ENV, Duration.ofSeconds(10));
    assertThat(r.exitCode()).isZero();
    assertThat(r.stdout()).isEqualTo("OK\n");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
  }

  @Test
  void aHundredMegabytesOfOutputAreDrainedAndDiscarded() throws Exception {
    long start = System.nanoTime();
    CommandResult r =
        runner.runIsolated(
            List.of("/usr/bin/head", "-c", "100000000", "/dev/zero"), ENV, Duration.ofSeconds(30));
    assertThat(r.timedOut()).as("never blocked on a full pipe").isFalse();
    assertThat(r.exitCode()).isZero();
    assertThat(r.truncated()).isTrue();
    assertThat(r.stdout()).hasSize(64 * 1024);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
  }

  @Test
  void anEndlessFloodEndsAtTheDeadlineWithTheCapKept() throws Exception {
    CommandResult r = runner.runIsolated(List.of("/usr/bin/yes"), ENV, Duration.ofMillis(500));
    assertThat(r.timedOut()).isTrue();
    assertThat(r.stdout()).hasSize(64 * 1024);
  }

  @Test
  void theExitCodeIsTheProgramsOwn() throws Exception {
    assertThat(
            runner
                .runIsolated(List.of("/bin/sh", "-c", "exit 255"), ENV, Duration.ofSeconds(10))
                .exitCode())
        .isEqualTo(255);
  }

  @Test
  void theOldRunKeepsItsBehaviour() throws Exception {
    CommandResult r = runner.run(List.of("/bin/cat", "/proc/self/stat"), Duration.ofSeconds(10));
    Stat s = Stat.parse(r.stdout());
    assertThat(s.pgrp()).as("run() starts no session").isNotEqualTo(s.pid());
  }

  private static long pid() {
    return ProcessHandle.current().pid();
  }

  /** Gone, or a zombie nobody reaps in this container (it runs nothing any more): both are dead. */
  static void assertGone(long pid) throws Exception {
    long until = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    String state = "?";
    while (System.nanoTime() < until) {
      try {
        state = Stat.parse(Files.readString(Path.of("/proc/" + pid + "/stat"))).state();
      } catch (NoSuchFileException e) {
        return;
      }
      if (state.equals("Z") || state.equals("X")) {
        return;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("process " + pid + " still alive in state " + state);
  }

  /** The fields of /proc/PID/stat these tests need; comm may hold spaces, so cut at the ")". */
  record Stat(long pid, String state, long ppid, long pgrp, long session) {
    static Stat parse(String text) {
      int close = text.lastIndexOf(')');
      String[] f = text.substring(close + 2).strip().split(" ");
      long pid = Long.parseLong(text.substring(0, text.indexOf(' ')));
      return new Stat(pid, f[0], Long.parseLong(f[1]), Long.parseLong(f[2]), Long.parseLong(f[3]));
    }
  }
}
