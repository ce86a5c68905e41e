package io.botasky.agent.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.botasky.agent.testkit.CannedServer;
import io.botasky.agent.testkit.RealCollector;
import io.botasky.common.testkit.ServiceScript;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * [http] and [tcp] through the whole path: the real {@code bin/boagent} probing the private nginx
 * of {@code scripts/services/nginx.sh} and a Gearman-like server of this test every 2 s, the real
 * {@code bin/pihealthd} receiving the events. Each fault must be firing at the collector within one
 * interval plus 2 s and resolve after the repair.
 */
class OpenNetE2EIT {
  private static final ServiceScript NGINX = new ServiceScript("nginx");
  private static final Duration INTERVAL = Duration.ofSeconds(2);
  private static final Duration WITHIN = INTERVAL.plusSeconds(2);
  private static final Duration REPAIR = Duration.ofSeconds(30);
  private static final String STATUS = "resize\t0\t0\t2\n.\n";

  @TempDir static Path tmp;
  private static RealCollector collector;
  private static AutoCloseable lease;
  private static Path www;
  private static int gearmanPort;
  private static CannedServer gearman;

  @BeforeAll
  static void start() throws Exception {
    lease = NGINX.exclusive();
    NGINX.start();
    Path dir =
        Path.of(System.getenv().getOrDefault("BOTASKY_SVC_DIR", "/var/tmp/botasky-svc"), "nginx");
    www = dir.resolve("www");
    int http = Integer.parseInt(Files.readString(dir.resolve("http.port")).strip());
    gearman = gearman(0);
    gearmanPort = gearman.port();
    collector = new RealCollector(tmp, Map.of("web", "token-web-0123456789abcdef"));
    collector.startAgent(
        "web",
        "[http:health]",
        "url = http://127.0.0.1:" + http + "/e2e/health.txt",
        "expect_body = ^healthy$",
        "interval = 2s",
        "timeout = 2s",
        "[tcp:gearman]",
        "port = " + gearmanPort,
        "send = \"status\\n\"",
        "expect = \"^\\.$\"",
        "interval = 2s",
        "timeout = 2s");
    // One full round before any fault: the faults below must be what makes the alerts fire.
    Thread.sleep(INTERVAL.plusSeconds(1).toMillis());
    assertThat(firing("http")).isEmpty();
    assertThat(firing("tcp")).isEmpty();
  }

  @AfterAll
  static void stop() throws Exception {
    if (collector != null) {
      collector.close();
    }
    if (gearman != null) {
      gearman.close();
    }
    NGINX.start();
    lease.close();
  }

  private static CannedServer gearman(int port) throws Exception {
    return new CannedServer(
        port, "\n", r -> r.equals("status\n") ? STATUS.getBytes(StandardCharsets.UTF_8) : null);
  }

  private static List<String> firing(String resource) throws Exception {
    return collector.firing(resource);
  }

  @Test
  void aDeletedPageArrivesAsBadStatusAndResolvesWhenRestored() throws Exception {
    Files.delete(www.resolve("e2e/health.txt"));
    await()
        .atMost(WITHIN)
        .pollInterval(Duration.ofMillis(100))
        .untilAsserted(() -> assertThat(firing("http")).containsExactly("health/bad_status"));
    NGINX.start(); // restores e2e/health.txt
    collector.awaitResolved("http", "bad_status", "health", REPAIR);
    assertThat(firing("http")).isEmpty();
  }

  @Test
  void aClosedPortArrivesAsUnreachableAndResolvesWhenReopened() throws Exception {
    gearman.close();
    await()
        .atMost(WITHIN)
        .pollInterval(Duration.ofMillis(100))
        .untilAsserted(() -> assertThat(firing("tcp")).containsExactly("gearman/unreachable"));
    gearman = gearman(gearmanPort);
    collector.awaitResolved("tcp", "unreachable", "gearman", REPAIR);
    assertThat(firing("tcp")).isEmpty();
  }
}
