package io.botasky.agent.probe.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The parser of {@code ip -j addr show} over captured iproute2 6.1 outputs. */
class IpAddrJsonTest {
  static Stream<Arguments> captured() {
    return Stream.of(
        // The link-local fe80:: is left out.
        Arguments.of("eth0.json", Map.of("eth0", List.of("192.0.2.2/24", "fd00::2/64"))),
        Arguments.of(
            "eth0-privacy-edited.json", Map.of("eth0", List.of("192.0.2.2/24", "fd00::2/64"))),
        Arguments.of("nt0.json", Map.of("nt0", List.of("10.98.1.1/24"))),
        Arguments.of("nt0-tentative.json", Map.of("nt0", List.of("10.98.1.1/24"))),
        Arguments.of("nt0-v6.json", Map.of("nt0", List.of("10.98.1.1/24", "2001:db8::5/64"))),
        Arguments.of("nt0-down.json", Map.of("nt0", List.of("10.98.1.1/24"))),
        Arguments.of(
            "all-netns.json",
            Map.of(
                "lo", List.of("127.0.0.1/8", "::1/128"),
                "nt1", List.of("10.98.1.2/24"),
                "nt0", List.of("10.98.1.1/24"))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("captured")
  void addressesByInterface(String file, Map<String, List<String>> expected) throws IOException {
    assertThat(IpAddrJson.parse(read(file))).isEqualTo(expected);
  }

  @org.junit.jupiter.api.Test
  void theWholeRootListingKeepsEveryInterfaceInOrder() throws IOException {
    Map<String, List<String>> all = IpAddrJson.parse(read("all-root.json"));
    assertThat(all.keySet()).startsWith("lo", "ifb0", "ifb1", "eth0").contains("bnet0");
    assertThat(all.get("ifb0")).isEmpty();
    assertThat(all.get("bnet0")).contains("10.98.0.1/24");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "{}",
        "[{\"ifname\":\"eth0\"}",
        "[{\"addr_info\":[]}]",
        "[{\"ifname\":\"eth0\",\"addr_info\":[{\"local\":\"1.2.3.4; rm -rf\",\"prefixlen\":8}]}]",
        "[{\"ifname\":\"eth0\",\"addr_info\":[{\"local\":\"1.2.3.4\",\"prefixlen\":999}]}]",
        "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]",
        "not json \u0000\u00ff"
      })
  void anythingElseIsRefusedSayingSo(String json) {
    assertThatThrownBy(() -> IpAddrJson.parse(json))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("ip -j addr: ");
  }

  @org.junit.jupiter.api.Test
  void aHugeOutputIsRefusedBeforeParsing() {
    assertThatThrownBy(() -> IpAddrJson.parse("[" + " ".repeat(IpAddrJson.MAX_CHARS) + "]"))
        .hasMessageContaining("over");
  }

  static String read(String name) throws IOException {
    try (InputStream in =
        IpAddrJsonTest.class.getResourceAsStream("/fixtures/network/iproute2-6.1/" + name)) {
      if (in == null) {
        throw new IOException("no fixture " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
