package io.botasky.agent.probe.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.botasky.agent.probe.CheckOutcome;
import io.botasky.agent.probe.RecordingSink;
import io.botasky.common.exec.CommandResult;
import io.botasky.common.wire.Sample;
import io.botasky.common.wire.Severity;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Exit codes and outputs to outcomes and samples, as the contract's "Open checks" table says. */
class PluginVerdictTest {
  static final Duration TIMEOUT = Duration.ofSeconds(10);

  final RecordingSink sink =
      new RecordingSink(Clock.fixed(Instant.parse("2026-12-06T05:00:00Z"), ZoneOffset.UTC));

  static CommandResult exited(int code, String out) {
    return new CommandResult(code, out, "", false, false);
  }

  CheckOutcome outcome(String check) {
    return sink.outcomes().stream()
        .filter(o -> o.check().equals(check))
        .reduce((a, b) -> b)
        .orElseThrow(() -> new AssertionError("no " + check + " in " + sink.outcomes()));
  }

  @ParameterizedTest
  @CsvSource({"0,", "1,WARNING", "2,CRITICAL"})
  void exitZeroOneTwoAreTheStatus(int code, Severity severity) {
    CheckOutcome s =
        PluginVerdict.judge("web", exited(code, "HTTP said so|t=1s\n"), TIMEOUT, null, sink);
    assertThat(s.key()).isEqualTo("command/web/status");
    assertThat(s.severity()).isEqualTo(severity);
    assertThat(s.summary()).isEqualTo("HTTP said so");
    assertThat(s.value()).isEqualTo(code);
    assertThat(outcome("unknown").ok()).isTrue();
    assertThat(outcome("status")).isEqualTo(s);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "3   | UNKNOWN - no such thing | UNKNOWN (exit 3): UNKNOWN - no such thing",
        "4   | odd                     | exit 4 (not a plugin state): odd",
        "255 | ''                      | exit 255 (not a plugin state), no output",
        "137 | ''                      | exit 137 (not a plugin state; 128+9: a signal), no output",
        "-1  | x                       | exit -1 (not a plugin state): x"
      })
  void anyOtherExitIsUnknownAndStatusKeepsItsLastVerdict(int code, String out, String summary) {
    CheckOutcome before =
        PluginVerdict.judge(
            "web",
            exited(2, "CRITICAL - down"),
            TIMEOUT,
            null,
            new RecordingSink(Clock.systemUTC()));
    CheckOutcome kept = PluginVerdict.judge("web", exited(code, out), TIMEOUT, before, sink);
    assertThat(kept).isSameAs(before);
    CheckOutcome u = outcome("unknown");
    assertThat(u.severity()).isEqualTo(Severity.WARNING);
    assertThat(u.summary()).isEqualTo(summary);
    assertThat(outcome("status"))
        .as("neither resolved nor fired by a plugin that knows nothing")
        .isSameAs(before);
  }

  @Test
  void anUnknownFirstRoundReportsNoStatusAtAll() {
    assertThat(PluginVerdict.judge("web", exited(3, "?"), TIMEOUT, null, sink)).isNull();
    assertThat(sink.outcomes()).extracting(CheckOutcome::check).containsExactly("unknown");
  }

  @Test
  void withoutOutputTheStderrLineSaysWhy() {
    CommandResult r =
        new CommandResult(
            127, "", "setsid: failed to execute x: No such file\nmore\n", false, false);
    PluginVerdict.judge("web", r, TIMEOUT, null, sink);
    assertThat(outcome("unknown").summary())
        .isEqualTo("exit 127 (not a plugin state): setsid: failed to execute x: No such file");
  }

  @Test
  void aTimeoutAndAProgramThatCannotStartAreUnknown() {
    PluginVerdict.judge(
        "web", new CommandResult(-1, "partial", "", true, false), TIMEOUT, null, sink);
    assertThat(outcome("unknown").summary())
        .isEqualTo("timed out after 10 s, killed with every process it started");
    assertThat(sink.samples()).as("a killed plugin's half output is no data").isEmpty();
    PluginVerdict.cannotStart(
        "web", "Cannot run program \"check_x\": not found or not executable", null, sink);
    assertThat(outcome("unknown").summary())
        .isEqualTo("cannot start: Cannot run program \"check_x\": not found or not executable");
  }

  @Test
  void perfdataBecomesSamplesWithTheUnitAndTheSkippedCount() {
    PluginVerdict.judge(
        "disk",
        exited(0, "DISK OK|/=2643MB;5948;5958;0;5968 'inode use'=5% users=3 bad=x u=U\n"),
        TIMEOUT,
        null,
        sink);
    assertThat(sink.samples())
        .extracting(Sample::metric, Sample::value, Sample::labels)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "command._", 2643.0, Map.of("instance", "disk", "unit", "MB", "label", "/")),
            org.assertj.core.groups.Tuple.tuple(
                "command.inode_use",
                5.0,
                Map.of("instance", "disk", "unit", "%", "label", "inode use")),
            org.assertj.core.groups.Tuple.tuple("command.users", 3.0, Map.of("instance", "disk")),
            org.assertj.core.groups.Tuple.tuple(
                "probe.perfdata_skipped", 1.0, Map.of("probe", "command:disk")));
    assertThat(outcome("status").details())
        .containsEntry("perfdata_skipped", 1)
        .containsEntry("perfdata_problem", "value is not a number: bad=x");
  }

  @Test
  void metricNamesStayWithinTheCollectorsCharsetAndLength() {
    assertThat(PluginVerdict.metric("time")).isEqualTo("command.time");
    assertThat(PluginVerdict.metric("/var/log")).isEqualTo("command._var_log");
    assertThat(PluginVerdict.metric("é ü")).isEqualTo("command.___");
    String a = PluginVerdict.metric("x".repeat(300) + "a");
    String b = PluginVerdict.metric("x".repeat(300) + "b");
    assertThat(a).hasSize(128).isNotEqualTo(b).matches("[A-Za-z_:][A-Za-z0-9_.:-]{0,127}");
  }
}
