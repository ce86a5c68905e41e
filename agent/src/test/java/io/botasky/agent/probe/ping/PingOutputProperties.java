package io.botasky.agent.probe.ping;

import static org.assertj.core.api.Assertions.assertThat;

import io.botasky.agent.probe.ProbeException;
import io.botasky.agent.testkit.HostileText;
import java.time.Duration;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * ping output of any content: a kind and counts that make sense, and the judge's outcomes or its
 * one refusal (ProbeException, which becomes probe_failed), never another exception.
 */
class PingOutputProperties {
  private static final PingSettings S =
      new PingSettings(
          "gw",
          5,
          20.0,
          60.0,
          Duration.ofMillis(100),
          Duration.ofMillis(500),
          Duration.ofSeconds(10));

  @Property
  void anyOutputGivesAKindAndSaneCounts(
      @ForAll("pingText") String out, @ForAll("pingText") String err, @ForAll int rc) {
    PingOutput o = PingOutput.parse(rc, out, err);
    assertThat(o.kind()).isNotNull();
    assertThat(o.received()).isBetween(0, Math.max(0, o.transmitted()));
    assertThat(o.lossPct()).isBetween(0.0, 100.0);
    assertThat(o.message().length()).isLessThanOrEqualTo(300);
    if (o.rttAvgMs() != null) {
      assertThat(o.rttAvgMs()).isNotNegative().isFinite();
    }
    try {
      assertThat(PingJudge.judge("gw", S, o)).hasSize(3);
    } catch (ProbeException e) {
      assertThat(e.getMessage()).doesNotContain("\n", "\u001b", "\u0000");
    }
  }

  @Provide
  Arbitrary<String> pingText() {
    return HostileText.lines(
        List.of(
            "PING 10.98.0.2 (10.98.0.2) 56(84) bytes of data.",
            "--- 10.98.0.2 ping statistics ---",
            "5 packets transmitted, 5 received, 0% packet loss, time 814ms",
            "10 packets transmitted, 5 received, 50% packet loss, time 1833ms",
            "3 packets transmitted, 0 received, +3 errors, 100% packet loss, time 403ms",
            "rtt min/avg/max/mdev = 0.032/0.045/0.050/0.006 ms",
            "round-trip min/avg/max = 0.1/0.2/0.3 ms",
            "ping: nosuch.invalid: Name or service not known",
            "ping: connect: Network is unreachable",
            "ping: socket: Operation not permitted"));
  }
}
