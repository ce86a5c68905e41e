package io.botasky.agent.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.botasky.agent.testkit.FixtureTree;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** /proc/net/dev and /sys/class/net: the pure parsers, and the readers over a fixture tree. */
class NetParsersTest {
  @TempDir Path tmp;

  @Test
  void procNetDevOfTheTestMachine() throws IOException {
    FixtureTree t = FixtureTree.copy("network-host", tmp);
    Map<String, NetDevCounters> dev = new ProcFs(t.root().resolve("proc")).netDev();
    assertThat(dev.keySet()).containsExactly("lo", "ifb0", "ifb1", "eth0", "bnet0");
    assertThat(dev.get("eth0")).isEqualTo(new NetDevCounters(131352407, 0, 420868, 0));
  }

  @Test
  void procNetDevInsideANamespace() throws IOException {
    String text =
        new String(
            getClass()
                .getResourceAsStream("/fixtures/network/netns-proc-net-dev.txt")
                .readAllBytes(),
            StandardCharsets.UTF_8);
    assertThat(NetDevCounters.parse(text).keySet()).containsExactlyInAnyOrder("lo", "nt0", "nt1");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "'eth0: 1 2 3'|expected a name and 16 counters, got 3",
        "'eth0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16'|no \"name:\"",
        "'eth0: 1 2 3 4 5 6 7 8 -9 10 11 12 13 14 15 16'|tx bytes: not a whole number",
        "'eth0: 99999999999999999999 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16'|rx bytes",
        "': 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16'|no \"name:\""
      })
  void malformedNetDevNamesTheProblem(String line, String message) {
    assertThatThrownBy(() -> NetDevCounters.parse("h|\nh|\n" + line + "\n"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(message);
  }

  @Test
  void anEmptyNetDevHasNoInterfaces() {
    assertThat(NetDevCounters.parse("")).isEmpty();
  }

  @ParameterizedTest
  @CsvSource({
    "up, 0x1003, true",
    "down, 0x1002, false",
    "down, 0x1003, false",
    "lowerlayerdown, 0x1003, false",
    "dormant, 0x1003, false",
    "unknown, 0x9, true",
    "unknown, 0x8, false",
    "notpresent, 0x1003, false"
  })
  void upIsOperstateUpOrUnknownWithIffUp(String state, String flags, boolean up) {
    assertThat(NetLink.parse(state + "\n", flags + "\n").up()).isEqualTo(up);
  }

  @ParameterizedTest
  @CsvSource({"'', 0x1003", "up, 1003", "up, 0xzz", "'up\u001b[31m', 0x1"})
  void malformedLinkFilesAreRefused(String state, String flags) {
    assertThatThrownBy(() -> NetLink.parse(state, flags))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void sysClassNetOfTheTestMachine() throws IOException {
    FixtureTree t = FixtureTree.copy("network-host", tmp);
    SysFs sys = new SysFs(t.root().resolve("sys"));
    assertThat(sys.netInterfaces()).containsExactly("bnet0", "eth0", "ifb0", "lo");
    assertThat(sys.netLink("lo")).contains(new NetLink("unknown", 0x9));
    assertThat(sys.netLink("ifb0")).contains(new NetLink("down", 0x82));
    assertThat(sys.netLink("wlan0")).isEmpty();
    assertThat(sys.netLink("..")).isEmpty();
    Files.writeString(t.root().resolve("sys/class/net/eth0/flags"), "garbage");
    assertThatThrownBy(() -> sys.netLink("eth0"))
        .isInstanceOf(MalformedDataException.class)
        .hasMessageContaining("eth0");
  }
}
