package io.botasky.agent.probe.network;

import static org.assertj.core.api.Assertions.assertThat;

import io.botasky.agent.testkit.TestEnv;
import io.botasky.common.config.ConfigReport;
import io.botasky.common.config.Problem;
import io.botasky.common.config.Section;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** [network] errors known at load name the line and key. */
class NetworkConfigTest {
  private static ConfigReport load(String ini) {
    ConfigReport report = new ConfigReport();
    Section s = TestEnv.section(ini, report);
    new NetworkProbeFactory().create(s, TestEnv.real());
    return report;
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "interfaces = eth0, ../etc|interfaces: not an interface name: \"../etc\"",
        "interfaces = a-very-long-interface-name|interfaces: not an interface name",
        "interfaces = eth 0|interfaces: not an interface name",
        "interfaces = eth0, eth0|interfaces: eth0 is listed twice",
        "interfaces = ..|interfaces: not an interface name"
      })
  void refused(String body, String message) {
    assertThat(load("[network]\n" + body + "\n").errors())
        .extracting(Problem::toString)
        .anySatisfy(p -> assertThat(p).contains("[network]", message));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"", "interfaces =\n", "interfaces = eth0, wlan0\n", "interfaces = br-lan.10\n"})
  void accepted(String body) {
    assertThat(load("[network]\n" + body).all()).isEmpty();
  }

  @org.junit.jupiter.api.Test
  void aNamedNetworkSectionIsRefused() {
    assertThat(load("[network:x]\n").errors()).singleElement().asString().contains("takes no name");
  }
}
