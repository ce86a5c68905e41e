package io.botasky.agent.probe.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.botasky.agent.testkit.RealCollector;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code [command:*]} through the whole path: the real {@code bin/boagent} runs a plugin whose
 * state the test flips (a script reading a file), every 2 s, next to one that floods 100 MB each
 * round; the real {@code bin/pihealthd} must show {@code command/flip/status} firing within one
 * interval plus 2 s of the fault and resolved after the repair, {@code command/flip/unknown} the
 * same way, and the plugin's performance data as samples. The flooding plugin must not grow the
 * agent (its heap is 32 MB: keeping one flood would kill it).
 */
class CommandE2EIT {
  private static final Duration INTERVAL = Duration.ofSeconds(2);
  private static final Duration WITHIN = INTERVAL.plusSeconds(2);
  private static final Duration REPAIR = Duration.ofSeconds(30);
  private static final String HOST = "cmd";

  @TempDir Path tmp;
  private RealCollector collector;
  private final ObjectMapper json = new ObjectMapper();

  @AfterEach
  void stop() throws Exception {
    if (collector != null) {
      collector.close();
    }
  }

  @Test
  void aFlippedPluginFiresAndResolvesAtTheCollectorAndItsPerfdataArrives() throws Exception {
    CommandProbeIT.plugins();
    Path state = tmp.resolve("state");
    Files.writeString(state, "0\n");
    Path flip = tmp.resolve("flip.sh");
    // A plugin of the guidelines' shape; $1 is :host:, $2 :instance:.
    Files.writeString(
        flip,
        String.join(
            "\n",
            "#!/bin/sh",
            "s=$(cat " + state + ")",
            "case $s in",
            "0) echo \"OK - $2 fine on $1 | temp=21.5;30;40;0;100 'queue len'=3c\"; exit 0;;",
            "2) echo \"CRITICAL - $2 broken on $1 | temp=55;30;40;0;100\"; exit 2;;",
            "*) echo \"UNKNOWN - cannot tell\"; exit 3;;",
            "esac",
            ""));
    Files.setPosixFilePermissions(flip, PosixFilePermissions.fromString("rwxr-xr-x"));

    collector = new RealCollector(tmp, Map.of(HOST, "token-cmd-0123456789abcdef"));
    collector.startAgent(
        HOST,
        "[command:flip]",
        "command = " + flip + " :host: ':instance:'",
        "interval = 2s",
        "timeout = 1s",
        "[command:flood]",
        "command = /usr/bin/head -c 100000000 /dev/zero",
        "interval = 2s",
        "timeout = 2s");

    await()
        .atMost(REPAIR)
        .pollInterval(Duration.ofMillis(500))
        .untilAsserted(
            () -> {
              JsonNode series = samples("command.temp", "command.queue_len");
              assertThat(series.findValuesAsText("metric"))
                  .containsExactlyInAnyOrder("command.temp", "command.queue_len");
              for (JsonNode s : series) {
                assertThat(s.path("labels").path("instance").asText()).isEqualTo("flip");
                assertThat(s.path("points").get(0).get(1).asDouble())
                    .isEqualTo(s.path("metric").asText().equals("command.temp") ? 21.5 : 3.0);
              }
              JsonNode queue =
                  series.get(0).path("metric").asText().equals("command.queue_len")
                      ? series.get(0)
                      : series.get(1);
              assertThat(queue.path("labels").path("unit").asText()).isEqualTo("c");
              assertThat(queue.path("labels").path("label").asText()).isEqualTo("queue len");
            });

    Files.writeString(state, "2\n");
    await()
        .atMost(WITHIN)
        .pollInterval(Duration.ofMillis(100))
        .untilAsserted(
            () -> {
              List<JsonNode> a = collector.alerts("command", "status", "firing");
              assertThat(a).extracting(x -> x.path("instance").asText()).containsExactly("flip");
              assertThat(a.get(0).path("severity").asText()).isEqualTo("critical");
              assertThat(a.get(0).path("summary").asText())
                  .isEqualTo("CRITICAL - flip broken on " + HOST);
            });
    Files.writeString(state, "0\n");
    resolved("status");

    Files.writeString(state, "3\n");
    await()
        .atMost(WITHIN)
        .pollInterval(Duration.ofMillis(100))
        .untilAsserted(
            () -> {
              List<JsonNode> a = collector.alerts("command", "unknown", "firing");
              assertThat(a).extracting(x -> x.path("instance").asText()).containsExactly("flip");
              assertThat(a.get(0).path("summary").asText())
                  .isEqualTo("UNKNOWN (exit 3): UNKNOWN - cannot tell");
            });
    Files.writeString(state, "0\n");
    resolved("unknown");

    assertThat(collector.alerts("command", null, "firing"))
        .as("the flood is judged like any plugin: exit 0, nothing firing")
        .isEmpty();
    assertThat(collector.alerts("system", "probe_failed", "firing"))
        .as("no round overran its deadline")
        .isEmpty();
    long peakKb = agentPeakRssKb();
    System.out.println("CommandE2EIT: agent peak RSS (VmHWM) " + peakKb + " kB");
    assertThat(peakKb).as("agent peak RSS after a flood of 100 MB every 2 s").isLessThan(96 * 1024);
  }

  private void resolved(String check) {
    await()
        .atMost(REPAIR)
        .pollInterval(Duration.ofMillis(200))
        .untilAsserted(
            () -> {
              assertThat(collector.alerts("command", check, "firing")).isEmpty();
              assertThat(collector.alerts("command", check, "resolved"))
                  .extracting(x -> x.path("instance").asText())
                  .contains("flip");
            });
  }

  private JsonNode samples(String... metrics) throws IOException, InterruptedException {
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create(
                            "http://127.0.0.1:"
                                + collector.port()
                                + "/api/v1/samples?host="
                                + HOST
                                + "&since=10m&metrics="
                                + String.join(",", metrics)))
                    .timeout(Duration.ofSeconds(5))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return json.readTree(r.body()).path("series");
  }

  /** VmHWM of the agent the collector launched (found by its configuration file's path). */
  private long agentPeakRssKb() throws IOException {
    String ini = tmp.resolve(HOST + ".ini").toString();
    try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
      for (Path p : procs.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
        String cmdline;
        try {
          cmdline = new String(Files.readAllBytes(p.resolve("cmdline")), StandardCharsets.UTF_8);
        } catch (IOException e) {
          continue;
        }
        if (cmdline.contains("io.botasky.agent.Boagent") && cmdline.contains(ini)) {
          for (String line : Files.readAllLines(p.resolve("status"))) {
            if (line.startsWith("VmHWM:")) {
              return Long.parseLong(line.replaceAll("\\D", ""));
            }
          }
        }
      }
    }
    throw new AssertionError("agent with " + ini + " not found: it died?");
  }
}
