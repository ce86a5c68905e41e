package io.botasky.collector.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import io.botasky.common.testkit.Daemon;
import java.io.File;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code promtool check metrics} (Debian's prometheus package, installed by scripts/test.sh on CI)
 * over the real bin/pihealthd's {@code /metrics}, after an event, a heartbeat and two sample
 * batches (one a duplicate) so that every metric the collector exports exists: no problem at all,
 * neither a missing HELP text nor a name against Prometheus's rules. The text checked is kept in
 * target/it/metrics.txt. Without promtool the test is skipped, on CI it fails.
 */
class MetricsLintIT {
  static final String AGENT = "lint-agent-token-0123456789";
  static final String ADMIN = "lint-admin-token-0123456789";

  @TempDir Path tmp;
  final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  int port;

  @Test
  void metricsPassPromtoolCheckMetrics() throws Exception {
    Path promtool = promtool();
    port = Daemon.freePort();
    Path tokens = tmp.resolve("agent_tokens");
    Files.writeString(tokens, "pi3 = " + AGENT + "\n");
    Path conf = tmp.resolve("pihealthd.conf");
    Files.writeString(
        conf,
        "master = lint\nclient_port = "
            + port
            + "\nbind = 127.0.0.1\nagent_tokens = "
            + tokens
            + "\nadmin_token = "
            + ADMIN
            + "\nPIHealthLog = "
            + tmp.resolve("pihealthd.log")
            + "\ndata_dir = "
            + tmp.resolve("data")
            + "\n");
    try (Daemon d = Daemon.start(tmp.resolve("stdout.txt"), "pihealthd", "-c", conf.toString())) {
      await().atMost(Duration.ofSeconds(60)).until(() -> Daemon.ready(port));
      String event =
          "{\"host\": \"pi3\", \"events\": [{\"event_id\":"
              + " \"6f1c2a64-3b8e-4d1f-9a57-1f0c5e2b7a01\", \"resource\": \"cpu\", \"check\":"
              + " \"cpu_usage\", \"state\": \"firing\", \"severity\": \"warning\", \"summary\":"
              + " \"lint\"}]}";
      assertThat(post("/api/v1/events", event).statusCode()).as("event").isEqualTo(200);
      assertThat(post("/api/v1/heartbeat", "{\"host\": \"pi3\"}").statusCode())
          .as("heartbeat")
          .isEqualTo(200);
      String samples =
          "{\"host\": \"pi3\", \"batch_id\": \"lint-1\", \"samples\": [{\"metric\": \"cpu.usage\","
              + " \"ts\": 1764000000000, \"value\": 3.5}]}";
      assertThat(post("/api/v1/metrics", samples).statusCode()).as("samples").isEqualTo(200);
      assertThat(post("/api/v1/metrics", samples).statusCode())
          .as("the same batch again")
          .isEqualTo(200);

      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                  .header("Authorization", "Bearer " + ADMIN)
                  .timeout(Duration.ofSeconds(30))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).as("/metrics").isEqualTo(200);
      String metrics = r.body();
      Path kept = Path.of("target", "it", "metrics.txt");
      Files.createDirectories(kept.getParent());
      Files.writeString(kept, metrics);

      assertThat(metrics)
          .as("every metric the collector exports, in target/it/metrics.txt")
          .contains(
              "botasky_ingest_events_total{result=\"accepted\"} 1.0",
              "botasky_ingest_heartbeats_total",
              "botasky_ingest_samples_total{result=\"accepted\"} 1.0",
              "botasky_ingest_metric_batches_total{result=\"duplicate\"} 1.0",
              "botasky_ingest_commit_seconds",
              "botasky_ingest_batch_items",
              "botasky_ingest_queue_depth",
              "botasky_http_requests_seconds_bucket",
              "botasky_http_limited_total",
              "hikaricp_connections",
              "jvm_memory_used_bytes",
              "jvm_gc_",
              "jvm_threads_",
              "jvm_classes_",
              "process_cpu_seconds_total",
              "process_uptime_seconds",
              "system_cpus");

      Process p =
          new ProcessBuilder(promtool.toString(), "check", "metrics")
              .redirectErrorStream(true)
              .start();
      try (OutputStream in = p.getOutputStream()) {
        in.write(metrics.getBytes(StandardCharsets.UTF_8));
      }
      String found = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("promtool finished").isTrue();
      assertThat(found).as("promtool check metrics < target/it/metrics.txt").isBlank();
      assertThat(p.exitValue())
          .as("promtool check metrics exit code; it said:%n%s", found)
          .isZero();
    }
  }

  private HttpResponse<String> post(String path, String json) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(30))
            .header("Authorization", "Bearer " + AGENT)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** promtool from PATH; on CI its absence fails the test, elsewhere it skips it. */
  private static Path promtool() {
    Optional<Path> found =
        Arrays.stream(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
            .filter(dir -> !dir.isEmpty())
            .map(dir -> Path.of(dir, "promtool"))
            .filter(Files::isExecutable)
            .findFirst();
    if ("true".equals(System.getenv("CI"))) {
      assertThat(found)
          .as("promtool is needed on CI (scripts/test.sh installs Debian's prometheus package)")
          .isPresent();
    }
    assumeThat(found)
        .as("promtool not installed (apt-get install prometheus); skipping")
        .isPresent();
    return found.get();
  }
}
