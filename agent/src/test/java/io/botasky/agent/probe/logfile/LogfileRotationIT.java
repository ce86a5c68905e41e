package io.botasky.agent.probe.logfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import io.botasky.agent.logs.LogQueue;
import io.botasky.agent.testkit.CollectingSink;
import io.botasky.common.testkit.MutableClock;
import io.botasky.common.wire.LogLine;
import io.botasky.common.wire.Severity;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The logfile probe on files rotated by Debian's {@code logrotate} itself ({@code create} and
 * {@code copytruncate}, forced with a temp config and state file), and on a file deleted and
 * recreated: every line written is read once, in order, none of the history before the start.
 */
class LogfileRotationIT {
  private static final String LOGROTATE = "/usr/sbin/logrotate";
  @TempDir Path dir;
  private Path log;
  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-21T10:00:00Z"));
  private final LogQueue queue = new LogQueue(1000);
  private LogfileProbe probe;

  @BeforeEach
  void setUp() throws IOException {
    if (!Files.isExecutable(Path.of(LOGROTATE))) {
      if ("true".equals(System.getenv("CI"))) {
        fail(LOGROTATE + " is missing (Debian package logrotate)");
      }
      Assumptions.abort(LOGROTATE + " is missing (Debian package logrotate); skipped outside CI");
    }
    log = dir.resolve("app.log");
    append("history ERROR that must not be read\n");
    probe =
        new LogfileProbe(
            "logfile:app",
            "app",
            log,
            new MatchState(
                "app", Pattern.compile("ERROR"), null, Severity.WARNING, Duration.ofMinutes(1)),
            queue,
            "warning",
            clock);
  }

  private void append(String s) throws IOException {
    Files.writeString(
        log, s, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }

  private CollectingSink round() {
    clock.tick(Duration.ofSeconds(1));
    return CollectingSink.round(probe);
  }

  private List<String> forwarded() {
    return queue.drain().lines().stream().map(LogLine::line).toList();
  }

  private void logrotate(String mode) throws Exception {
    Path conf = dir.resolve("logrotate-" + mode + ".conf");
    Files.writeString(
        conf, log + " {\n  " + mode + "\n  rotate 3\n  missingok\n  nocompress\n  notifempty\n}\n");
    Process p =
        new ProcessBuilder(
                LOGROTATE, "-f", "-s", dir.resolve("logrotate.state").toString(), conf.toString())
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("logrotate: " + out).isZero();
  }

  @Test
  void createRotationReadsTheOldFilesRestThenTheNewFile() throws Exception {
    round();
    append("ERROR one\n");
    assertThat(round().firing("pattern_matched")).isTrue();
    append("ERROR written just before the rotation\n");
    logrotate("create");
    assertThat(dir.resolve("app.log.1")).exists();
    assertThat(log).exists();
    append("ERROR in the new file\n");
    CollectingSink s = round();
    assertThat(forwarded())
        .containsExactly(
            "ERROR one", "ERROR written just before the rotation", "ERROR in the new file");
    assertThat(s.get("pattern_matched").summary())
        .startsWith("3 matching lines since")
        .endsWith("ERROR in the new file");
    append("ERROR two\n");
    round();
    assertThat(forwarded()).containsExactly("ERROR two");
  }

  @Test
  void copytruncateStartsAgainAtTheTopOfTheSameFile() throws Exception {
    round();
    append("ERROR before copytruncate\n");
    round();
    logrotate("copytruncate");
    assertThat(dir.resolve("app.log.1")).exists();
    assertThat(Files.size(log)).isZero();
    append("ERROR after copytruncate\n");
    round();
    assertThat(forwarded())
        .containsExactly("ERROR before copytruncate", "ERROR after copytruncate");
    append("ERROR later\n");
    round();
    assertThat(forwarded()).containsExactly("ERROR later");
  }

  @Test
  void aFileDeletedAndRecreatedIsFollowed() throws Exception {
    round();
    append("ERROR first life\n");
    Files.delete(log);
    round();
    append("ERROR second life\n");
    round();
    assertThat(forwarded()).containsExactly("ERROR first life", "ERROR second life");
  }

  @Test
  void aFileThatDoesNotExistYetIsWaitedForAndReadFromItsStart() throws Exception {
    Files.delete(log);
    CollectingSink waiting = round();
    assertThat(waiting.firing("pattern_matched")).isFalse();
    assertThat(waiting.get("pattern_matched").summary()).contains("does not exist (yet)");
    append("ERROR first line of a new file\n");
    round();
    assertThat(forwarded()).containsExactly("ERROR first line of a new file");
  }

  @Test
  void theAlertResolvesAfterQuietWithoutAMatch() throws Exception {
    round();
    append("ERROR once\n");
    assertThat(round().firing("pattern_matched")).isTrue();
    clock.tick(Duration.ofSeconds(58));
    assertThat(round().firing("pattern_matched")).as("59 s after the match").isTrue();
    assertThat(round().firing("pattern_matched")).isFalse();
  }
}
