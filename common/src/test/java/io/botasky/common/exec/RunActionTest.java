package io.botasky.common.exec;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link ProcessCommandRunner#runAction} on real processes: one stream in the order printed, only
 * its tail kept, SIGTERM to the group at the deadline and SIGKILL after the grace, what it leaves
 * running after it exited by itself left alone.
 */
class RunActionTest {
  static final Map<String, String> ENV = IsolatedRunTest.ENV;
  final ProcessCommandRunner runner = new ProcessCommandRunner(64 * 1024);
  @TempDir Path tmp;

  @Test
  void stdoutAndStderrAreOneStreamInTheOrderPrinted() throws Exception {
    CommandResult r =
        runner.runAction(
            List.of(
                "/bin/sh",
                "-c",
                "echo one; echo two >&2; echo three; env | grep -v ^PWD= | sort >&2"),
            ENV,
            Duration.ofSeconds(10),
            Duration.ofSeconds(1),
            4096);
    assertThat(r.exitCode()).isZero();
    assertThat(r.stdout())
        .isEqualTo("one\ntwo\nthree\nLANG=C.UTF-8\nPATH=/usr/local/bin:/usr/bin:/bin\n");
    assertThat(r.stderr()).isEmpty();
    assertThat(r.truncated()).isFalse();
  }

  @Test
  void onlyTheLastBytesAreKeptOfAHugeOutput() throws Exception {
    CommandResult r =
        runner.runAction(
            List.of("/bin/sh", "-c", "head -c 10000000 /dev/zero | tr '\\000' a; printf END"),
            ENV,
            Duration.ofSeconds(30),
            Duration.ofSeconds(1),
            100);
    assertThat(r.stdout()).isEqualTo("a".repeat(97) + "END");
    assertThat(r.truncated()).isTrue();
  }

  @Test
  void atTheDeadlineTheGroupGetsTermThenKill() throws Exception {
    Path log = tmp.resolve("log");
    // The first program stops on TERM and says so; the second ignores it and needs the KILL.
    CommandResult polite =
        runner.runAction(
            List.of(
                "/bin/sh",
                "-c",
                "trap 'echo term > " + log + "; exit 3' TERM; while :; do sleep 0.1; done"),
            ENV,
            Duration.ofMillis(300),
            Duration.ofSeconds(5),
            4096);
    assertThat(polite.timedOut()).isTrue();
    assertThat(Files.readString(log)).isEqualTo("term\n");
    long start = System.nanoTime();
    CommandResult stubborn =
        runner.runAction(
            List.of("/bin/sh", "-c", "trap '' TERM; echo $$; while :; do sleep 0.1; done"),
            ENV,
            Duration.ofMillis(300),
            Duration.ofMillis(500),
            4096);
    assertThat(stubborn.timedOut()).isTrue();
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    IsolatedRunTest.assertGone(Long.parseLong(stubborn.stdout().strip()));
  }

  @Test
  void whatAnActionStartsAndLeavesRunningSurvivesIt() throws Exception {
    // A daemon still in the action's group when the action exits (as redis-server --daemonize
    // yes is, until it calls setsid): not killed with the group.
    CommandResult r =
        runner.runAction(
            List.of("/bin/sh", "-c", "sleep 30 </dev/null >/dev/null 2>&1 & echo $!"),
            ENV,
            Duration.ofSeconds(10),
            Duration.ofSeconds(1),
            4096);
    assertThat(r.exitCode()).isZero();
    long pid = Long.parseLong(r.stdout().strip());
    try {
      Thread.sleep(300);
      // Not isAlive(): a killed orphan may stay a zombie for a while (its reaper is init).
      String state =
          IsolatedRunTest.Stat.parse(Files.readString(Path.of("/proc/" + pid + "/stat"))).state();
      assertThat(state).as("state of the daemon %d", pid).isIn("S", "R");
    } finally {
      ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
    }
  }
}
