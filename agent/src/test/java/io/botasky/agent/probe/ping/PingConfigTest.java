package io.botasky.agent.probe.ping;

import static org.assertj.core.api.Assertions.assertThat;

import io.botasky.agent.testkit.TestEnv;
import io.botasky.common.config.ConfigReport;
import io.botasky.common.config.Problem;
import io.botasky.common.config.Section;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** [ping:NAME] errors known at load: each names its line and key (exit 78). */
class PingConfigTest {

  private static ConfigReport load(String body) {
    ConfigReport report = new ConfigReport();
    Section s = TestEnv.section("[ping:gw]\n" + body, report);
    new PingProbeFactory().create(s, TestEnv.real());
    return report;
  }

  static Stream<Arguments> bad() {
    return Stream.of(
        Arguments.of("", "host: is required"),
        Arguments.of("host =\n", "host: is required"),
        Arguments.of("host = -f\n", "host: must not start with \"-\""),
        Arguments.of("host = --help\n", "host: must not start with \"-\""),
        Arguments.of("host = 10.0.0.1 -c 1\n", "host: expected a host name or an IP address"),
        Arguments.of("host = a;reboot\n", "host: expected a host name or an IP address"),
        Arguments.of("host = $(id)\n", "host: expected a host name or an IP address"),
        Arguments.of("host = \"gw\u001b[31m\"\n", "\\x1b[31m"),
        Arguments.of("host = gw\ncount = 0\n", "count:"),
        Arguments.of("host = gw\ncount = 101\n", "count:"),
        Arguments.of("host = gw\ncount = five\n", "count:"),
        Arguments.of(
            "host = gw\ncount = 50\n", "count: 50 requests need a timeout of at least 12 s"),
        Arguments.of(
            "host = gw\ncount = 20\ntimeout = 5s\n",
            "count: 20 requests need a timeout of at least"),
        Arguments.of("host = gw\nloss_warning = 60\nloss_critical = 20\n", "loss_critical:"),
        Arguments.of("host = gw\nloss_warning = 120\n", "loss_warning: expected a percentage"),
        Arguments.of("host = gw\nloss_warning = -1\n", "loss_warning: expected a percentage"),
        Arguments.of("host = gw\nrtt_warning = 1s\nrtt_critical = 100ms\n", "rtt_critical:"),
        Arguments.of("host = gw\nrtt_warning = 100\n", "rtt_warning:"),
        Arguments.of("host = gw\ntimeout = 1s\n", "timeout: 5 requests need a timeout"),
        Arguments.of("host = gw\ninterval = 2s\n", "the timeout is 2.0 s (the interval"));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("bad")
  void refusedAtLoadNamingTheKey(String body, String message) {
    ConfigReport r = load(body);
    assertThat(r.errors()).as(body).isNotEmpty();
    assertThat(r.errors().stream().map(Problem::toString).toList())
        .as(body)
        .anySatisfy(p -> assertThat(p).contains("[ping:gw]").contains(message));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "host = 192.168.1.1\n",
        "host = gw.example.com\n",
        "host = my_host-1\n",
        "host = ::1\n",
        "host = fe80::1%eth0\n",
        "host = 2001:db8::10\n",
        "host = gw\ncount = 1\n",
        "host = gw\ncount = 36\n",
        "host = gw\ncount = 100\ntimeout = 30s\ninterval = 1m\n",
        "host = gw\nloss_warning = off\nloss_critical = 50%\n",
        "host = gw\nrtt_warning = off\nrtt_critical = off\n",
        "host = gw\nloss_warning = 20\nloss_critical = 20\n"
      })
  void accepted(String body) {
    assertThat(load(body).all()).as(body).isEmpty();
  }

  @org.junit.jupiter.api.Test
  void aSectionWithoutANameIsRefused() {
    ConfigReport report = new ConfigReport();
    Section s = TestEnv.section("[ping]\nhost = gw\n", report);
    new PingProbeFactory().create(s, TestEnv.real());
    assertThat(report.errors()).singleElement().asString().contains("[ping:NAME]");
  }
}
