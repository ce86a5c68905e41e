package io.botasky.agent.probe.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.botasky.agent.linux.NetDevCounters;
import io.botasky.agent.linux.NetLink;
import io.botasky.agent.testkit.HostileText;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * /proc/net/dev, /sys/class/net state files and {@code ip -j addr} output of any content: a value,
 * or the one refusal (IllegalArgumentException, which the probe turns into a failed round).
 */
class NetworkParsersProperties {

  @Property
  void netDev(@ForAll("devText") String text) {
    try {
      NetDevCounters.parse(text).values().forEach(c -> assertThat(c.rxBytes()).isNotNegative());
    } catch (IllegalArgumentException expected) {
      assertThat(expected.getMessage()).isNotEmpty();
    }
  }

  @Property
  void linkState(@ForAll("stateText") String state, @ForAll("stateText") String flags) {
    try {
      NetLink l = NetLink.parse(state, flags);
      assertThatCode(l::up).doesNotThrowAnyException();
    } catch (IllegalArgumentException expected) {
      assertThat(expected.getMessage()).isNotEmpty();
    }
  }

  @Property(tries = 300)
  void ipJson(@ForAll("ipText") String text) {
    try {
      IpAddrJson.parse(text)
          .forEach(
              (name, addrs) -> {
                assertThat(name).isNotEmpty();
                addrs.forEach(a -> assertThat(a).matches("[0-9A-Fa-f.:]+/\\d{1,3}"));
              });
    } catch (IllegalArgumentException expected) {
      assertThat(expected.getMessage()).startsWith("ip -j addr: ");
    }
  }

  @Provide
  Arbitrary<String> devText() {
    return HostileText.lines(
        List.of(
            "Inter-|   Receive                                                |  Transmit",
            " face |bytes    packets errs drop fifo frame compressed multicast|bytes",
            "  eth0: 131352165    3975    0    0    0     0          0         0   420626    3255"
                + "    0    0    0     0       0          0",
            "    lo: 258337507  178493    0    0    0     0          0         0 258337507  178493"
                + "    0    0    0     0       0          0"));
  }

  @Provide
  Arbitrary<String> stateText() {
    return HostileText.lines(List.of("up", "down", "unknown", "lowerlayerdown", "0x1003", "0x9"));
  }

  @Provide
  Arbitrary<String> ipText() {
    return HostileText.lines(
        List.of(
            "[{\"ifname\":\"eth0\",\"addr_info\":[{\"family\":\"inet\",\"local\":\"192.0.2.2\","
                + "\"prefixlen\":24,\"scope\":\"global\"}]}]",
            "[{\"ifindex\":3,\"link\":\"nt1\",\"ifname\":\"nt0\",\"flags\":[\"UP\"],\"addr_info\":"
                + "[{\"family\":\"inet6\",\"local\":\"2001:db8::5\",\"prefixlen\":64,"
                + "\"tentative\":true}]}]",
            "[]",
            "[{\"ifname\":\"lo\",\"addr_info\":[]}]"));
  }
}
