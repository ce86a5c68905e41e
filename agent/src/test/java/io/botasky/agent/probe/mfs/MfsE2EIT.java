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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * MooseFS daemons killed, through the real {@code bin/boagent} (one section per daemon, probed
 * every second) to the real {@code bin/pihealthd}: {@code mfs/<daemon>/process_down} within one
 * interval plus 2 s, resolved after the script restarts the daemon. The master's mfscli checks go
 * the same way in {@link MfsMasterE2EIT}.
 */
class MfsE2EIT {
  private static final ServiceScript MFS = new ServiceScript("moosefs");
  private static final Duration WITHIN = Duration.ofSeconds(3);
  @org.junit.jupiter.api.io.TempDir static Path tmp;
  private static RealCollector collector;
  private static AutoCloseable lease;

  @BeforeAll
  static void start() throws Exception {
    lease = MFS.exclusive();
    MFS.start();
    collector = new RealCollector(tmp, Map.of("mfs", "token-mfs-0123456789abcdef"));
    collector.startAgent(
        "mfs",
        "[mfschunkserver]",
        "interval = 1s",
        "[mfsmetalogger]",
        "interval = 1s",
        "[mfscgiserv]",
        "interval = 1s");
  }

  @AfterAll
  static void stop() throws Exception {
    if (collector != null) {
      collector.close();
    }
    lease.close();
  }

  @AfterEach
  void repair() {
    MFS.start();
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(collector.alerts("mfs", null, "firing"))
                    .as("mfs alerts after repair")
                    .isEmpty());
  }

  @ParameterizedTest
  @ValueSource(strings = {"chunkserver", "metalogger", "cgiserv"})
  void killedDaemonArrivesAsProcessDownAndResolves(String component) {
    String daemon = "mfs" + component;
    MFS.signal(component, "KILL");
    await()
        .atMost(WITHIN)
        .pollInterval(Duration.ofMillis(100))
        .untilAsserted(
            () ->
                assertThat(collector.alerts("mfs", "process_down", "firing"))
                    .extracting(a -> a.path("instance").asText())
                    .isEqualTo(List.of(daemon)));
    MFS.start();
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(collector.alerts("mfs", "process_down", "resolved"))
                    .extracting(a -> a.path("instance").asText())
                    .contains(daemon));
  }
}
