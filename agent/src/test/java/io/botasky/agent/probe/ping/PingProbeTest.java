package io.botasky.agent.probe.ping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.botasky.agent.probe.CheckOutcome;
import io.botasky.agent.probe.ProbeException;
import io.botasky.agent.testkit.Recorded;
import io.botasky.common.exec.CommandResult;
import io.botasky.common.exec.CommandRunner;
import io.botasky.common.wire.Severity;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The probe over captured ping runs: checks, samples, and what cannot be judged. */
class PingProbeTest {
  private static final PingSettings DEFAULTS =
      new PingSettings(
          "10.98.0.2",
          5,
          20.0,
          60.0,
          Duration.ofMillis(100),
          Duration.ofMillis(500),
          Duration.ofSeconds(10));

  private final List<List<String>> commands = new ArrayList<>();

  private CommandRunner replay(String fixture) {
    return (argv, timeout) -> {
      commands.add(argv);
      return new CommandResult(
          Integer.parseInt(PingOutputTest.read(fixture + ".rc").strip()),
          PingOutputTest.read(fixture + ".out"),
          PingOutputTest.read(fixture + ".err"),
          false,
          false);
    };
  }

  private Recorded run(PingSettings s, CommandRunner r) throws ProbeException {
    Recorded sink = new Recorded();
    new PingProbe("ping:gw", "gw", s, r).run(sink);
    return sink;
  }

  private static Map<String, Severity> severities(Recorded sink) {
    return sink.outcomes().stream()
        .collect(
            Collectors.toMap(
                CheckOutcome::check,
                o -> o.severity() == null ? Severity.INFO : o.severity(),
                (a, b) -> b,
                java.util.TreeMap::new));
  }

  @Test
  void aPeerThatAnswersIsOkWithLossAndRoundTripSamples() throws Exception {
    Recorded sink = run(DEFAULTS, replay("ok"));
    assertThat(sink.outcomes()).allMatch(CheckOutcome::ok);
    assertThat(sink.outcomes())
        .extracting(CheckOutcome::key)
        .containsExactly("ping/gw/unreachable", "ping/gw/packet_loss", "ping/gw/rtt");
    assertThat(sink.value("ping.loss_pct", Map.of("instance", "gw"))).isEqualTo(0.0);
    assertThat(sink.value("ping.rtt_ms", Map.of("instance", "gw"))).isEqualTo(0.045);
    assertThat(commands.get(0))
        .containsExactly("ping", "-n", "-q", "-c", "5", "-W", "2", "-i", "0.2", "10.98.0.2");
  }

  @Test
  void everyPacketLostIsUnreachableAloneWithoutRoundTrip() throws Exception {
    Recorded sink = run(DEFAULTS, replay("peer-link-down"));
    CheckOutcome down = sink.outcome("ping/gw/unreachable");
    assertThat(down.severity()).isEqualTo(Severity.CRITICAL);
    assertThat(down.summary()).isEqualTo("10.98.0.2: no reply to 3 echo requests (100% lost)");
    assertThat(sink.outcome("ping/gw/packet_loss").ok()).as("superseded").isTrue();
    assertThat(sink.outcome("ping/gw/rtt").ok()).isTrue();
    assertThat(sink.value("ping.loss_pct", Map.of("instance", "gw"))).isEqualTo(100.0);
    assertThat(sink.has("ping.rtt_ms")).isFalse();
  }

  @Test
  void icmpErrorsInsteadOfRepliesAreNamed() throws Exception {
    CheckOutcome down = run(DEFAULTS, replay("unreach-route")).outcome("ping/gw/unreachable");
    assertThat(down.summary()).endsWith("(100% lost, 3 ICMP errors)");
  }

  @Test
  void halfLostIsPacketLossAtItsLevel() throws Exception {
    Recorded sink = run(DEFAULTS, replay("partial-loss"));
    assertThat(severities(sink))
        .containsEntry("unreachable", Severity.INFO)
        .containsEntry("packet_loss", Severity.WARNING)
        .containsEntry("rtt", Severity.INFO);
    CheckOutcome loss = sink.outcome("ping/gw/packet_loss");
    assertThat(loss.value()).isEqualTo(50.0);
    assertThat(loss.threshold()).isEqualTo(20.0);
    assertThat(loss.summary())
        .isEqualTo("10.98.0.2: 50% lost (5 of 10 echo requests), at least 20%");
    PingSettings strict =
        new PingSettings("10.98.0.2", 10, 10.0, 50.0, null, null, DEFAULTS.timeout());
    assertThat(severities(run(strict, replay("partial-loss"))))
        .containsEntry("packet_loss", Severity.CRITICAL);
    PingSettings off =
        new PingSettings("10.98.0.2", 10, null, null, null, null, DEFAULTS.timeout());
    assertThat(run(off, replay("partial-loss")).outcomes()).allMatch(CheckOutcome::ok);
  }

  @Test
  void aSlowAverageRoundTripIsRttAtItsLevel() throws Exception {
    PingOutput slow = new PingOutput(PingOutput.Kind.STATS, 5, 5, 0, 250.0, "");
    assertThat(PingJudge.judge("gw", DEFAULTS, slow).get(2))
        .satisfies(
            o -> {
              assertThat(o.check()).isEqualTo("rtt");
              assertThat(o.severity()).isEqualTo(Severity.WARNING);
              assertThat(o.threshold()).isEqualTo(100.0);
            });
    PingOutput slower = new PingOutput(PingOutput.Kind.STATS, 5, 5, 0, 500.0, "");
    assertThat(PingJudge.judge("gw", DEFAULTS, slower).get(2).severity())
        .isEqualTo(Severity.CRITICAL);
  }

  @Test
  void aNameThatDoesNotResolveIsUnreachableAndSaysSo() throws Exception {
    CheckOutcome down = run(DEFAULTS, replay("unknown-name")).outcome("ping/gw/unreachable");
    assertThat(down.severity()).isEqualTo(Severity.CRITICAL);
    assertThat(down.summary())
        .isEqualTo("10.98.0.2 does not resolve: ping: nosuch.invalid: Name or service not known");
    assertThat(run(DEFAULTS, replay("no-route")).outcome("ping/gw/unreachable").summary())
        .isEqualTo("10.98.0.2 has no route: ping: connect: Network is unreachable");
  }

  @Test
  void aHostWherePingMayNotOpenItsSocketFailsTheProbeNamingTheSysctl() {
    assertThatThrownBy(() -> run(DEFAULTS, replay("socket-eperm")))
        .isInstanceOf(ProbeException.class)
        .hasMessageContaining("ping: socket: Operation not permitted")
        .hasMessageContaining("net.ipv4.ping_group_range");
  }

  @Test
  void pingThatCannotStartFailsTheProbeWithTheReason() {
    CommandRunner refused =
        (argv, t) -> {
          throw new IOException("Cannot run program \"ping\": error=1, Operation not permitted");
        };
    assertThatThrownBy(() -> run(DEFAULTS, refused))
        .hasMessageContaining("cannot start ping")
        .hasMessageContaining("CAP_NET_RAW");
    CommandRunner missing =
        (argv, t) -> {
          throw new IOException("Cannot run program \"ping\": error=2, No such file or directory");
        };
    assertThatThrownBy(() -> run(DEFAULTS, missing)).hasMessageContaining("install iputils-ping");
  }

  @Test
  void aPingKilledAtItsTimeoutFailsTheProbe() {
    CommandRunner hung = (argv, t) -> new CommandResult(-1, "", "", true, false);
    assertThatThrownBy(() -> run(DEFAULTS, hung)).hasMessageContaining("did not finish");
  }

  @Test
  void garbageFailsTheProbeWithAPrintableReason() {
    CommandRunner garbage =
        (argv, t) -> new CommandResult(2, "", "ping: \u001b[31mweird\u0007 thing\n", false, false);
    assertThatThrownBy(() -> run(DEFAULTS, garbage))
        .hasMessageContaining("could not judge")
        .hasMessageNotContaining("\u001b")
        .hasMessageContaining("\\x1b[31mweird");
  }

  @Test
  void theWaitForTheLastReplyFollowsRttCritical() {
    assertThat(DEFAULTS.waitSeconds()).isEqualTo(2);
    PingSettings slow =
        new PingSettings("h", 5, null, null, null, Duration.ofMillis(2500), Duration.ofSeconds(10));
    assertThat(slow.waitSeconds()).isEqualTo(4);
    assertThat(slow.longestRun()).isEqualTo(Duration.ofMillis(4800));
    PingSettings off = new PingSettings("h", 1, null, null, null, null, Duration.ofSeconds(1));
    assertThat(off.waitSeconds()).as("rtt levels off").isEqualTo(1);
  }
}
