package io.botasky.common.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The real command runner, on real processes. */
class ProcessCommandRunnerTest {
  final ProcessCommandRunner runner = new ProcessCommandRunner(1024);

  @Test
  void capturesOutputAndExitCode() throws Exception {
    CommandResult r = runner.run(List.of("sh", "-c", "echo out; echo err >&2; exit 3"), Duration.ofSeconds(10));
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
    CommandResult r = runner.run(List.of("sh", "-c", "head -c 100000 /dev/zero | tr '\\0' x"), Duration.ofSeconds(10));
    assertThat(r.stdout()).hasSize(1024);
    assertThat(r.truncated()).isTrue();
    assertThat(r.exitCode()).isZero();
  }

  @Test
  void aMissingProgramIsAnIOException() {
    assertThatThrownBy(() -> runner.run(List.of("/nonexistent/mfscli"), Duration.ofSeconds(5))).isInstanceOf(IOException.class);
  }
}
