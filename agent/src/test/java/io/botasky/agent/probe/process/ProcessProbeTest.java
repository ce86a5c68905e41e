package io.botasky.agent.probe.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.botasky.agent.probe.Probe;
import io.botasky.agent.probe.daemon.ListeningSockets;
import io.botasky.agent.testkit.CollectingSink;
import io.botasky.agent.testkit.TestEnv;
import io.botasky.common.config.ConfigReport;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@code [process:NAME]} against real processes of this machine. */
class ProcessProbeTest {
  private static Probe probe(String match) {
    return new ProcessProbeFactory()
        .create(TestEnv.section("[process:sleeper]\nmatch = " + match + "\n"), TestEnv.real());
  }

  @Test
  void aRunningProcessIsUpAndAKilledOneIsDown() throws IOException {
    // A distinctive argument so no other process of the machine matches.
    Process p = new ProcessBuilder("sleep", "3007.25").start();
    try {
      Probe probe = probe("^sleep 3007\\.25$");
      CollectingSink up = CollectingSink.round(probe);
      assertThat(up.firing("process_down")).as("%s", up).isFalse();
      assertThat(up.get("process_down").summary()).contains(Long.toString(p.pid()));
      assertThat(up.samples()).containsEntry("process.count", 1.0);
      p.destroyForcibly();
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () -> {
                CollectingSink down = CollectingSink.round(probe);
                assertThat(down.firing("process_down")).as("%s", down).isTrue();
                assertThat(down.get("process_down").instance()).isEqualTo("sleeper");
              });
    } finally {
      p.destroyForcibly();
    }
  }

  @Test
  void matchIsRequiredAndMustBeARegex() {
    ConfigReport report = new ConfigReport();
    new ProcessProbeFactory()
        .create(TestEnv.section("[process:x]\nmatch = foo(\n", report), TestEnv.real());
    new ProcessProbeFactory().create(TestEnv.section("[process:y]\n", report), TestEnv.real());
    assertThat(report.errors())
        .extracting(e -> e.key() + ": " + e.message())
        .anySatisfy(m -> assertThat(m).startsWith("match: not a valid regular expression"))
        .anySatisfy(m -> assertThat(m).isEqualTo("match: is required"));
  }

  @Test
  void listeningSocketsParsesTheKernelTable() {
    String tcp =
        "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout"
            + " inode\n"
            + "   0: 0100007F:3419 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0   "
            + "     0 81234 1 0\n"
            + "   1: 0100007F:3419 0100007F:C350 01 00000000:00000000 00:00000000 00000000     0   "
            + "     0 81299 1 0\n";
    assertThat(ListeningSockets.parse(tcp)).containsExactly(java.util.Map.entry(81234L, 13337));
  }
}
