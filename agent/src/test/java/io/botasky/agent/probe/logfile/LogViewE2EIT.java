package io.botasky.agent.probe.logfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.botasky.agent.testkit.RealCollector;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The log view end to end: the real {@code bin/boagent} follows files and forwards to the real
 * {@code bin/pihealthd}. Matching lines appear in {@code GET /api/v1/logs} (history and ignored
 * lines do not); {@code logfile/app/pattern_matched} fires within one interval + 2 s, survives a
 * rotation by Debian's {@code logrotate}, and resolves after {@code quiet}; a file created after
 * the start is followed; the agent's own warnings arrive with source {@code boagent}.
 */
class LogViewE2EIT {
  private static final String TOKEN = "logview-token-0123456789";
  private static final Duration INTERVAL = Duration.ofSeconds(2);
  private static final Duration QUIET = Duration.ofSeconds(6);
  private static final Duration FIRES_WITHIN = INTERVAL.plusSeconds(2);
  @TempDir Path tmp;
  private RealCollector collector;

  @AfterEach
  void tearDown() throws Exception {
    if (collector != null) {
      collector.close();
    }
  }

  private static void append(Path f, String s) throws IOException {
    Files.writeString(
        f, s, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }

  private List<String> lines(String source) throws IOException {
    return collector.logs("?host=pi3&source=" + source + "&limit=1000").stream()
        .map(l -> l.path("line").asText())
        .toList();
  }

  /** The state of logfile/app/pattern_matched ("none" before it ever fired). */
  private String state() throws IOException {
    return collector.alerts("logfile", "pattern_matched", null).stream()
        .filter(a -> a.path("instance").asText().equals("app"))
        .findFirst()
        .map(a -> a.path("state").asText())
        .orElse("none");
  }

  @Test
  void linesReachTheLogViewAndTheAlertFiresSurvivesRotationAndResolves() throws Exception {
    Path app = tmp.resolve("app.log");
    Path later = tmp.resolve("later.log");
    append(app, "2026-12-06 ERROR history, before the agent started\n");
    collector = new RealCollector(tmp, Map.of("pi3", TOKEN));
    collector.startAgent(
        "pi3",
        // Still the [agent] section: every round written at once, so samples show the first round.
        "flush_every = 1",
        "[logfile:app]",
        "path = " + app,
        "match = ERROR|FATAL",
        "ignore = harmless",
        "severity = critical",
        "quiet = " + QUIET.toSeconds() + "s",
        "forward = true",
        "interval = " + INTERVAL.toSeconds() + "s",
        // An unknown key: a WARN line of the agent's own, which the log view must show.
        "unknown_logview_key = 1",
        "[logfile:later]",
        "path = " + later,
        "match = .",
        "forward = true",
        "interval = " + INTERVAL.toSeconds() + "s");
    // The first round has gone to the file's end once its sample has arrived.
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(collector.logs("?host=pi3&source=boagent&limit=1000"))
                    .anySatisfy(
                        l -> assertThat(l.path("line").asText()).contains("unknown_logview_key")));
    Thread.sleep(INTERVAL.toMillis() + 500);
    assertThat(state()).isEqualTo("none");

    long t0 = System.nanoTime();
    append(app, "2026-12-06 ERROR disk on fire\n2026-12-06 ERROR harmless retry\nINFO fine\n");
    await()
        .atMost(FIRES_WITHIN)
        .pollInterval(Duration.ofMillis(100))
        .untilAsserted(() -> assertThat(state()).isEqualTo("firing"));
    long firedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
    JsonNode alert = collector.alerts("logfile", "pattern_matched", "firing").get(0);
    assertThat(alert.path("severity").asText()).isEqualTo("critical");
    assertThat(alert.path("summary").asText()).contains("ERROR disk on fire");
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(() -> assertThat(lines("app")).contains("2026-12-06 ERROR disk on fire"));
    assertThat(lines("app"))
        .as("history, ignored and unmatched lines stay out")
        .containsExactly("2026-12-06 ERROR disk on fire");
    JsonNode stored = collector.logs("?host=pi3&source=app").get(0);
    assertThat(stored.path("level").asText()).isEqualTo("error");
    assertThat(stored.path("host").asText()).isEqualTo("pi3");

    // A rotation by logrotate itself, with a line written just before it and one after.
    append(app, "FATAL just before the rotation\n");
    logrotate(app);
    append(app, "FATAL in the new file\n");
    long lastMatch = System.nanoTime();
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(lines("app"))
                    .containsExactly(
                        "FATAL in the new file",
                        "FATAL just before the rotation",
                        "2026-12-06 ERROR disk on fire"));
    assertThat(state()).isEqualTo("firing");

    // A file that did not exist at start.
    append(later, "born after the agent\n");
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(() -> assertThat(lines("later")).containsExactly("born after the agent"));

    // Quiet: resolves once QUIET has passed since the last matching line (it is stamped with the
    // time of the round that read it, at or after its append), within a round and the delivery.
    await()
        .atMost(QUIET.plus(INTERVAL).plusSeconds(4))
        .pollInterval(Duration.ofMillis(200))
        .untilAsserted(() -> assertThat(state()).isEqualTo("resolved"));
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lastMatch))
        .as("not before quiet has passed since the last matching line")
        .isGreaterThanOrEqualTo(QUIET.toMillis());
    assertThat(firedMs).isLessThanOrEqualTo(FIRES_WITHIN.toMillis());
  }

  private void logrotate(Path file) throws Exception {
    Path rotate = Path.of("/usr/sbin/logrotate");
    if (!Files.isExecutable(rotate)) {
      if ("true".equals(System.getenv("CI"))) {
        throw new AssertionError("/usr/sbin/logrotate is missing (Debian package logrotate)");
      }
      Assumptions.abort("/usr/sbin/logrotate is missing; skipped outside CI");
    }
    Path conf = tmp.resolve("logrotate.conf");
    Files.writeString(conf, file + " {\n  create\n  rotate 2\n  nocompress\n}\n");
    Process p =
        new ProcessBuilder(
                rotate.toString(),
                "-f",
                "-s",
                tmp.resolve("logrotate.state").toString(),
                conf.toString())
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("logrotate: " + out).isZero();
  }
}
