package io.botasky.agent.probe.keepalived;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.botasky.agent.probe.process.ServiceScript;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole path for keepalived: the real {@code bin/pihealthd} (embedded database) fed by two real
 * {@code bin/boagent}s, one inside each keepalived node's network namespace (botasky-ka1 and
 * botasky-ka2 of {@code scripts/services/keepalived.sh}). Each namespace reaches the collector's
 * loopback port through a socat forwarder that enters this JVM's network namespace. Detaching both
 * bridge ports makes both nodes MASTER with the VIP: the collector must raise
 * {@code keepalived/split_brain} from the two heartbeats' {@code vips_held}, and resolve it once the
 * ports are attached again. Stopping ka1 must reach the collector as ka1's {@code vip_lost}.
 */
class SplitBrainE2EIT {
  private static final ServiceScript KA = new ServiceScript("keepalived");
  private static final String VIP = "10.99.0.100";
  private final ObjectMapper json = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();
  private final List<Process> processes = new ArrayList<>();
  @TempDir Path tmp;
  private int port;

  @BeforeEach
  void start() throws Exception {
    KA.start();
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Files.writeString(tmp.resolve("tokens"), "ka1=token-ka1-0123456789abcdef\nka2=token-ka2-0123456789abcdef\n");
    Path conf = Files.writeString(tmp.resolve("pihealthd.conf"), String.join("\n", "master = e2e",
        "client_port = " + port, "bind = 127.0.0.1", "host_timeout = 10s",
        "PIHealthLog = " + tmp.resolve("pihealthd.log"), "data_dir = " + tmp.resolve("collector"),
        "agent_tokens = " + tmp.resolve("tokens"), ""));
    launch(tmp.resolve("pihealthd.out"), bin("pihealthd"), "-c", conf.toString());
    await().atMost(Duration.ofSeconds(90)).until(this::collectorReady);
    for (int n = 1; n <= 2; n++) {
      String ns = "botasky-ka" + n;
      // Inside the namespace 127.0.0.1:port leads back to the collector in this JVM's namespace.
      launch(tmp.resolve("fwd" + n + ".out"), "ip", "netns", "exec", ns, "socat",
          "TCP-LISTEN:" + port + ",bind=127.0.0.1,fork,reuseaddr",
          "EXEC:nsenter --net=/proc/" + ProcessHandle.current().pid() + "/ns/net socat STDIO TCP\\:127.0.0.1\\:" + port);
      Path ini = Files.writeString(tmp.resolve("ka" + n + ".ini"), String.join("\n", "[agent]", "host = ka" + n,
          "master = 127.0.0.1", "port = " + port, "token = token-ka" + n + "-0123456789abcdef",
          "data_dir = " + tmp.resolve("spool" + n), "backup_dir = " + tmp.resolve("backup" + n), "heartbeat = 1s",
          "log = " + tmp.resolve("agent" + n + ".log"), "[keepalived]", "vip = " + VIP, "interface = vrrp0",
          "expect = " + (n == 1 ? "master" : "any"), "interval = 1s", ""));
      launch(tmp.resolve("agent" + n + ".out"), "ip", "netns", "exec", ns, bin("boagent"), "-f", ini.toString());
    }
    await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
        assertThat(hosts()).as("both agents report").contains("ka1", "ka2"));
  }

  @AfterEach
  void stop() throws Exception {
    for (Process p : processes) {
      p.destroy();
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
    }
    KA.start();
  }

  @Test
  void detachedBridgeIsSplitBrainAtTheCollectorAndResolvesWhenReattached() throws Exception {
    assertThat(alerts("split_brain", null)).as("no split brain while the bridge is whole").isEmpty();
    KA.run("detach");
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      List<JsonNode> firing = alerts("split_brain", "firing");
      assertThat(firing).as("split_brain firing").hasSize(1);
      assertThat(firing.get(0).path("instance").asText()).isEqualTo(VIP);
      assertThat(firing.get(0).path("host").asText()).isEqualTo("e2e");
      assertThat(firing.get(0).path("summary").asText()).contains("ka1").contains("ka2");
    });
    KA.run("attach");
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      assertThat(alerts("split_brain", "firing")).as("split_brain still firing").isEmpty();
      assertThat(alerts("split_brain", "resolved")).hasSize(1);
    });
  }

  @Test
  void stoppedMasterReachesTheCollectorAsVipLostAndProcessDown() throws Exception {
    KA.signal("1", "TERM");
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      assertThat(alerts("vip_lost", "firing")).extracting(a -> a.path("host").asText()).containsExactly("ka1");
      assertThat(alerts("process_down", "firing")).extracting(a -> a.path("host").asText()).containsExactly("ka1");
    });
    KA.start();
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      assertThat(alerts("vip_lost", "firing")).isEmpty();
      assertThat(alerts("process_down", "firing")).isEmpty();
    });
  }

  private static String bin(String launcher) {
    Path p = Path.of("").toAbsolutePath();
    Path root = Files.exists(p.resolve("bin").resolve(launcher)) ? p : p.getParent();
    return root.resolve("bin").resolve(launcher).toString();
  }

  private void launch(Path output, String... cmd) throws IOException {
    processes.add(new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile())).start());
  }

  private boolean collectorReady() {
    try {
      return get("/readyz").statusCode() == 200;
    } catch (IOException e) {
      return false;
    }
  }

  private List<String> hosts() throws IOException {
    List<String> out = new ArrayList<>();
    json.readTree(get("/api/v1/hosts").body()).path("hosts").forEach(h -> out.add(h.path("host").asText()));
    return out;
  }

  /** The keepalived alerts with this check (and state, unless null). */
  private List<JsonNode> alerts(String check, String state) throws IOException {
    List<JsonNode> out = new ArrayList<>();
    String q = "/api/v1/alerts?resource=keepalived&limit=500" + (state != null ? "&state=" + state : "");
    json.readTree(get(q).body()).path("alerts").forEach(a -> {
      if (a.path("check").asText().equals(check)) {
        out.add(a);
      }
    });
    return out;
  }

  private HttpResponse<String> get(String path) throws IOException {
    try {
      return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
          .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }
}
