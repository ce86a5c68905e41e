package io.botasky.agent.probe.network;

import static org.assertj.core.api.Assertions.assertThat;

import io.botasky.agent.testkit.RealCollector;
import io.botasky.common.testkit.ServiceScript;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real {@code bin/boagent check --network} inside botasky-net2 of {@code
 * scripts/services/netns.sh} ({@code ip netns exec}: that namespace's /sys/class/net, /proc/net/dev
 * and netlink): nt0 up is OK, set down it is interface_down, up again OK. {@code check} runs one
 * round, which only records addresses: ip_change is proven through the daemon ({@link
 * NetworkE2EIT}).
 */
class NetworkNamespaceIT {
  private static final ServiceScript NETNS = new ServiceScript("netns");
  @TempDir Path tmp;
  private AutoCloseable lease;

  @BeforeEach
  void start() {
    lease = NETNS.exclusive();
    NETNS.start();
  }

  @AfterEach
  void stop() throws Exception {
    try {
      NETNS.start(); // repairs the link
    } finally {
      lease.close();
    }
  }

  private record Run(int exit, String out) {}

  private Run check(String networkSection) throws IOException, InterruptedException {
    Path ini =
        Files.writeString(
            tmp.resolve("colConfig.ini"),
            "[agent]\nhost = nsnet\nmaster = 127.0.0.1\n[network]\n" + networkSection + "\n");
    Process p =
        new ProcessBuilder(
                List.of(
                    "ip",
                    "netns",
                    "exec",
                    "botasky-net2",
                    RealCollector.bin("boagent"),
                    "check",
                    "--network",
                    "-f",
                    ini.toString()))
            .redirectErrorStream(true)
            .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("boagent check ends").isTrue();
    return new Run(p.exitValue(), out);
  }

  @Test
  void theNamespacesInterfaceUpThenDownThenUp() throws Exception {
    Run up = check("interfaces = nt0");
    assertThat(up.out())
        .as("exit %d, output:%n%s", up.exit(), up.out())
        .containsPattern("OK +network +network:nt0 interface_down +nt0 is up \\(operstate up\\)")
        .containsPattern("OK +network +network:nt0 ip_change +nt0: 10.98.1.1/24");
    assertThat(up.exit()).isZero();

    NETNS.run("ifdown");
    Run down = check("interfaces = nt0");
    assertThat(down.out())
        .as("output:%n%s", down.out())
        .containsPattern(
            "CRITICAL +network +network:nt0 interface_down +nt0 is down \\(operstate down");
    assertThat(down.exit()).as("an alert would fire").isEqualTo(1);

    NETNS.run("ifup");
    assertThat(check("interfaces = nt0").exit()).isZero();
  }

  @Test
  void emptyInterfacesWatchesEveryInterfaceUpButLo() throws Exception {
    Run r = check("interfaces =");
    assertThat(r.out())
        .as("output:%n%s", r.out())
        .contains("network:nt0 interface_down", "network:nt1 interface_down")
        .doesNotContain("network:lo ");
  }

  @Test
  void anInterfaceThatDoesNotExistThereIsCritical() throws Exception {
    Run r = check("interfaces = nt0, wlan0");
    assertThat(r.out())
        .as("output:%n%s", r.out())
        .containsPattern("CRITICAL +network +network:wlan0 interface_down +wlan0 does not exist");
  }
}
