package io.botasky.agent.probe.mfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.botasky.agent.testkit.RealCollector;
import io.botasky.common.testkit.ServiceScript;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The master's checks through the real {@code bin/boagent} (mfscli run by the agent's command
 * runner) to the real {@code bin/pihealthd}: {@code chunkserver_missing}, {@code
 * metalogger_missing}, and the master killed → {@code mfs/mfsmaster/process_down}; each resolved
 * after the script restarts the daemon.
 */
class MfsMasterE2EIT {
  private static final ServiceScript MFS = new ServiceScript("moosefs");
  @org.junit.jupiter.api.io.TempDir static Path tmp;
  private static RealCollector collector;
  private static AutoCloseable lease;

  @BeforeAll
  static void start() throws Exception {
    lease = MFS.exclusive();
    MFS.start();
    collector = new RealCollector(tmp, Map.of("mfs", "token-mfs-0123456789abcdef"));
    collector.startAgent("mfs", "[mfsmaster]", "port = 19421", "interval = 1s");
  }

  @AfterAll
  static void stop() throws Exception {
    try {
      if (collector != null) {
        collector.close();
      }
    } finally {
      lease.close();
    }
  }

  @AfterEach
  void repair() {
    MFS.start();
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(collector.alerts("mfs", null, "firing")).isEmpty());
  }

  @Test
  void chunkserverMissing() {
    MFS.signal("chunkserver", "KILL");
    await()
        .atMost(Duration.ofSeconds(4))
        .untilAsserted(
            () -> assertThat(collector.alerts("mfs", "chunkserver_missing", "firing")).hasSize(1));
  }

  @Test
  void metaloggerMissing() {
    MFS.signal("metalogger", "KILL");
    await()
        .atMost(Duration.ofSeconds(4))
        .untilAsserted(
            () -> assertThat(collector.alerts("mfs", "metalogger_missing", "firing")).hasSize(1));
  }

  @Test
  void masterKilled() {
    MFS.signal("master", "KILL");
    await()
        .atMost(Duration.ofSeconds(3))
        .untilAsserted(
            () ->
                assertThat(collector.alerts("mfs", "process_down", "firing"))
                    .extracting(a -> a.path("instance").asText())
                    .isEqualTo(List.of("mfsmaster")));
  }
}
