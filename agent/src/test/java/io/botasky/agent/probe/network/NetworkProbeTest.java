package io.botasky.agent.probe.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.botasky.agent.probe.CheckOutcome;
import io.botasky.agent.probe.Probe;
import io.botasky.agent.probe.ProbeException;
import io.botasky.agent.testkit.FixtureTree;
import io.botasky.agent.testkit.Recorded;
import io.botasky.agent.testkit.TestEnv;
import io.botasky.common.exec.CommandResult;
import io.botasky.common.exec.CommandRunner;
import io.botasky.common.wire.Severity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The [network] probe over the test machine's /proc and /sys tree, captured {@code ip -j addr}
 * outputs and a hand-moved clock: which interfaces, interface_down, ip_change (recorded first,
 * firing 10 minutes after a change), and rates between rounds.
 */
class NetworkProbeTest {
  @TempDir Path tmp;
  private FixtureTree tree;
  private final Map<String, String> ipJson = new HashMap<>();
  private final List<List<String>> commands = new ArrayList<>();

  private final CommandRunner ip =
      (argv, timeout) -> {
        commands.add(argv);
        String dev = argv.get(argv.size() - 1);
        String json = ipJson.get(dev);
        if (json == null) {
          return new CommandResult(
              1, "", IpAddrJsonTest.read("nosuch.err").replace("nosuch", dev), false, false);
        }
        return new CommandResult(0, json, "", false, false);
      };

  @BeforeEach
  void setUp() throws IOException {
    tree = FixtureTree.copy("network-host", tmp);
    ipJson.put("eth0", IpAddrJsonTest.read("eth0.json"));
    ipJson.put(
        "bnet0",
        "[{\"ifname\":\"bnet0\",\"addr_info\":[{\"family\":\"inet\","
            + "\"local\":\"10.98.0.1\",\"prefixlen\":24,\"scope\":\"global\"}]}]");
    dev(Map.of("eth0", new long[] {1000, 0, 500, 0}, "bnet0", new long[] {0, 0, 0, 0}));
  }

  private Probe probe(String body) {
    return new NetworkProbeFactory()
        .create(TestEnv.section("[network]\n" + body), tree.probeEnv(ip));
  }

  private static Recorded round(Probe p) throws ProbeException {
    Recorded r = new Recorded();
    p.run(r);
    return r;
  }

  /** Writes proc/net/dev: per interface rx bytes, rx errs, tx bytes, tx errs. */
  private void dev(Map<String, long[]> counters) throws IOException {
    StringBuilder b =
        new StringBuilder(
            "Inter-|   Receive                                                |  Transmit\n"
                + " face |bytes    packets errs drop fifo frame compressed multicast|bytes"
                + "    packets errs drop fifo colls carrier compressed\n");
    counters.forEach(
        (name, c) ->
            b.append(
                String.format(
                    "%6s: %d 10 %d 0 0 0 0 0 %d 10 %d 0 0 0 0 0%n", name, c[0], c[1], c[2], c[3])));
    Files.writeString(tree.root().resolve("proc/net/dev"), b.toString());
  }

  private void operstate(String iface, String state) throws IOException {
    Files.writeString(tree.root().resolve("sys/class/net/" + iface + "/operstate"), state + "\n");
  }

  @Test
  void emptyInterfacesWatchesThoseUpAtTheFirstRoundExceptLo() throws Exception {
    Probe p = probe("");
    Recorded r = round(p);
    assertThat(r.outcomes())
        .extracting(CheckOutcome::key)
        .containsExactly(
            "network/bnet0/interface_down",
            "network/bnet0/ip_change",
            "network/eth0/interface_down",
            "network/eth0/ip_change");
    assertThat(r.outcomes()).as("%s", r).allMatch(CheckOutcome::ok);
    assertThat(r.outcome("network/eth0/ip_change").summary())
        .isEqualTo("eth0: 192.0.2.2/24, fd00::2/64");
    assertThat(r.samples()).as("no rate before a second reading").isEmpty();
    // An interface that comes up later is not watched: "up at start" is the contract's rule.
    operstate("ifb0", "up");
    assertThat(round(p).outcomes()).noneMatch(o -> o.instance().equals("ifb0"));
  }

  @Test
  void ratesComeFromThePreviousRoundAndTheClock() throws Exception {
    Probe p = probe("interfaces = eth0\n");
    round(p);
    tree.clock().tick(Duration.ofSeconds(60));
    dev(Map.of("eth0", new long[] {61_000, 3, 6_500, 3}));
    Recorded r = round(p);
    Map<String, String> eth0 = Map.of("interface", "eth0");
    assertThat(r.value("net.rx_bytes_per_s", eth0)).isEqualTo(1000.0);
    assertThat(r.value("net.tx_bytes_per_s", eth0)).isEqualTo(100.0);
    assertThat(r.value("net.errors_per_s", eth0)).isEqualTo(0.1);
  }

  @Test
  void aCounterThatWentDownGivesNoRateThatRoundNeverANegativeOne() throws Exception {
    Probe p = probe("interfaces = eth0\n");
    round(p);
    tree.clock().tick(Duration.ofSeconds(60));
    dev(Map.of("eth0", new long[] {10, 0, 5, 0})); // recreated, or a 32-bit counter wrapped
    assertThat(round(p).samples()).isEmpty();
    tree.clock().tick(Duration.ofSeconds(10));
    dev(Map.of("eth0", new long[] {1010, 0, 5, 0}));
    assertThat(round(p).value("net.rx_bytes_per_s", Map.of("interface", "eth0"))).isEqualTo(100.0);
  }

  @Test
  void anAddressChangeIsInfoForTenMinutesNamingOldAndNew() throws Exception {
    Probe p = probe("interfaces = eth0\n");
    round(p);
    ipJson.put("eth0", IpAddrJsonTest.read("eth0.json").replace("192.0.2.2", "192.0.2.7"));
    tree.clock().tick(Duration.ofMinutes(1));
    CheckOutcome c = round(p).outcome("network/eth0/ip_change");
    assertThat(c.severity()).isEqualTo(Severity.INFO);
    assertThat(c.summary())
        .isEqualTo("eth0: addresses were 192.0.2.2/24, fd00::2/64, now 192.0.2.7/24, fd00::2/64");
    assertThat(c.details()).containsEntry("old", List.of("192.0.2.2/24", "fd00::2/64"));
    tree.clock().tick(Duration.ofMinutes(9).plusSeconds(59));
    assertThat(round(p).outcome("network/eth0/ip_change").ok()).as("still within 10 min").isFalse();
    tree.clock().tick(Duration.ofSeconds(1));
    CheckOutcome after = round(p).outcome("network/eth0/ip_change");
    assertThat(after.ok()).as("resolved by itself after 10 min").isTrue();
    assertThat(after.summary()).isEqualTo("eth0: 192.0.2.7/24, fd00::2/64");
  }

  @Test
  void privacyAndTentativeAddressesComingAndGoingAreNoChange() throws Exception {
    Probe p = probe("interfaces = eth0\n");
    round(p);
    ipJson.put("eth0", IpAddrJsonTest.read("eth0-privacy-edited.json"));
    assertThat(round(p).outcome("network/eth0/ip_change").ok()).isTrue();
  }

  @Test
  void aDownInterfaceIsCriticalAndItsAddressesAreNotJudged() throws Exception {
    Probe p = probe("interfaces = eth0\n");
    round(p);
    operstate("eth0", "down");
    ipJson.put("eth0", "[{\"ifname\":\"eth0\",\"addr_info\":[]}]");
    commands.clear();
    Recorded r = round(p);
    CheckOutcome down = r.outcome("network/eth0/interface_down");
    assertThat(down.severity()).isEqualTo(Severity.CRITICAL);
    assertThat(down.summary()).isEqualTo("eth0 is down (operstate down: set down, or no carrier)");
    assertThat(r.outcome("network/eth0/ip_change").ok()).isTrue();
    assertThat(commands).as("ip not asked about a down interface").isEmpty();
    operstate("eth0", "lowerlayerdown");
    assertThat(round(p).outcome("network/eth0/interface_down").summary())
        .contains("no carrier, cable or peer");
    operstate("eth0", "up");
    ipJson.put("eth0", IpAddrJsonTest.read("eth0.json"));
    Recorded back = round(p);
    assertThat(back.outcomes()).as("%s", back).allMatch(CheckOutcome::ok);
  }

  @Test
  void aVanishedOrMissingInterfaceIsCritical() throws Exception {
    Probe p = probe("interfaces = eth0, wlan0\n");
    Recorded r = round(p);
    assertThat(r.outcome("network/wlan0/interface_down").summary())
        .isEqualTo("wlan0 does not exist (gone, or renamed)");
    assertThat(r.outcome("network/eth0/interface_down").ok()).isTrue();
    try (var s = Files.walk(tree.root().resolve("sys/class/net/eth0"))) {
      for (Path f : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(f);
      }
    }
    assertThat(round(p).outcome("network/eth0/interface_down").severity())
        .isEqualTo(Severity.CRITICAL);
  }

  @Test
  void unknownWithIffUpCountsAsUp() throws Exception {
    ipJson.put("lo", IpAddrJsonTest.read("all-netns.json"));
    Recorded r = round(probe("interfaces = lo\n"));
    assertThat(r.outcome("network/lo/interface_down").summary())
        .isEqualTo("lo is up (operstate unknown)");
    assertThat(r.outcome("network/lo/ip_change").summary()).isEqualTo("lo: 127.0.0.1/8, ::1/128");
  }

  @Test
  void anInterfaceGoneBetweenSysAndIpIsNotAFailure() throws Exception {
    ipJson.remove("eth0");
    Recorded r = round(probe("interfaces = eth0\n"));
    assertThat(r.outcome("network/eth0/ip_change").summary())
        .isEqualTo("eth0: addresses not read yet");
  }

  @Test
  void ipThatFailsOrPrintsGarbageFailsTheRoundSayingWhy() {
    ipJson.put("eth0", "\u001b[31m not json");
    assertThatThrownBy(() -> round(probe("interfaces = eth0\n")))
        .isInstanceOf(ProbeException.class)
        .hasMessageContaining("ip -j addr")
        .hasMessageNotContaining("\u001b");
    CommandRunner missing =
        (argv, t) -> {
          throw new IOException("Cannot run program \"ip\": error=2, No such file or directory");
        };
    Probe p =
        new NetworkProbeFactory()
            .create(TestEnv.section("[network]\ninterfaces = eth0\n"), tree.probeEnv(missing));
    assertThatThrownBy(() -> round(p)).hasMessageContaining("cannot run ip (iproute2)");
  }

  @Test
  void garbageInNetDevFailsTheRoundNamingTheFile() throws Exception {
    Files.writeString(tree.root().resolve("proc/net/dev"), "h|\nh|\neth0: 1 2\n");
    assertThatThrownBy(() -> round(probe("interfaces = eth0\n")))
        .isInstanceOf(ProbeException.class)
        .hasMessageContaining("net/dev");
  }
}
