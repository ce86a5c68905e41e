package io.botasky.agent.probe.ping;

import static org.assertj.core.api.Assertions.assertThat;

import io.botasky.agent.probe.ping.PingOutput.Kind;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The parser over runs of iputils ping 20221126 captured on this project's test namespaces. */
class PingOutputTest {
  static Stream<Arguments> captured() {
    return Stream.of(
        // case, kind, transmitted, received, errors, rtt avg (null = none), message part
        Arguments.of("ok", Kind.STATS, 5, 5, 0, 0.045, ""),
        Arguments.of("ok-v6-loopback", Kind.STATS, 3, 3, 0, 0.049, ""),
        Arguments.of("dgram-ok", Kind.STATS, 3, 3, 0, 0.110, ""),
        Arguments.of("partial-loss", Kind.STATS, 10, 5, 0, 0.067, ""),
        Arguments.of("peer-link-down", Kind.STATS, 3, 0, 0, null, ""),
        Arguments.of("first-packet-lost", Kind.STATS, 1, 0, 0, null, ""),
        Arguments.of("unreachable-arp", Kind.STATS, 3, 0, 0, null, ""),
        Arguments.of("unreach-route", Kind.STATS, 3, 0, 3, null, ""),
        Arguments.of("ipv6-literal-unreach", Kind.STATS, 2, 0, 2, null, ""),
        Arguments.of("no-route", Kind.NETWORK_UNREACHABLE, 0, 0, 0, null, "Network is unreachable"),
        Arguments.of(
            "unknown-name", Kind.NAME_UNRESOLVED, 0, 0, 0, null, "nosuch.invalid: Name or"),
        Arguments.of("bad-option", Kind.NAME_UNRESOLVED, 0, 0, 0, null, "-x: Name"),
        Arguments.of(
            "socket-eperm",
            Kind.NOT_PERMITTED,
            0,
            0,
            0,
            null,
            "ping: socket: Operation not permitted"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("captured")
  void parsesWhatPingPrinted(
      String name, Kind kind, int tx, int rx, int errors, Double avg, String message)
      throws IOException {
    PingOutput o =
        PingOutput.parse(
            Integer.parseInt(read(name + ".rc").strip()), read(name + ".out"), read(name + ".err"));
    assertThat(o.kind()).as(name).isEqualTo(kind);
    assertThat(o.transmitted()).as("transmitted").isEqualTo(tx);
    assertThat(o.received()).as("received").isEqualTo(rx);
    assertThat(o.errors()).as("errors").isEqualTo(errors);
    assertThat(o.rttAvgMs()).as("rtt avg").isEqualTo(avg);
    assertThat(o.message()).as("message").contains(message);
  }

  static Stream<Arguments> hostile() {
    return Stream.of(
        Arguments.of(0, "", "", Kind.FAILED, "exited with 0 and printed no summary"),
        Arguments.of(2, "", "ping: invalid argument: '0.2x'\n", Kind.FAILED, "invalid argument"),
        Arguments.of(
            1,
            "0 packets transmitted, 0 received, 0% packet loss, time 0ms\n",
            "",
            Kind.FAILED,
            "unexpected summary"),
        Arguments.of(
            0,
            "3 packets transmitted, 5 received, +2 duplicates, 0% packet loss\n",
            "",
            Kind.FAILED,
            "unexpected summary"),
        Arguments.of(
            0,
            "99999999999 packets transmitted, 1 received\n",
            "",
            Kind.FAILED,
            "99999999999 packets transmitted"),
        Arguments.of(0, "\u0000\u00ff garbage \u001b[31m", "", Kind.FAILED, "garbage"),
        Arguments.of(
            0,
            "5 packets transmitted, 5 received, 0% packet loss\n"
                + "rtt min/avg/max/mdev = a/b/c/d ms\n",
            "",
            Kind.STATS,
            ""),
        Arguments.of(
            0,
            "5 packets transmitted, 4 packets received, 20% packet loss\n"
                + "round-trip min/avg/max = 0.1/0.2/0.3 ms\n",
            "",
            Kind.STATS,
            ""));
  }

  @ParameterizedTest(name = "{3}: {4}")
  @MethodSource("hostile")
  void oddOutputIsAKindNeverAnException(int rc, String out, String err, Kind kind, String message) {
    PingOutput o = PingOutput.parse(rc, out, err);
    assertThat(o.kind()).isEqualTo(kind);
    assertThat(o.message()).contains(message);
  }

  @org.junit.jupiter.api.Test
  void aFloodIsReadOnlyToItsBound() {
    String flood = "x".repeat(PingOutput.MAX_CHARS * 4) + "\n1 packets transmitted, 1 received\n";
    PingOutput o = PingOutput.parse(0, flood, "");
    assertThat(o.kind()).isEqualTo(Kind.FAILED);
    assertThat(o.message().length()).isLessThanOrEqualTo(300);
  }

  @org.junit.jupiter.api.Test
  void lossIsComputedFromTheCountsNotPingsRoundedPercent() {
    PingOutput o =
        PingOutput.parse(1, "3 packets transmitted, 1 received, 66.6667% packet loss\n", "");
    assertThat(o.lossPct()).isEqualTo(200.0 / 3);
  }

  static String read(String name) throws IOException {
    try (InputStream in =
        PingOutputTest.class.getResourceAsStream("/fixtures/ping/iputils-20221126/" + name)) {
      if (in == null) {
        throw new IOException("no fixture " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
