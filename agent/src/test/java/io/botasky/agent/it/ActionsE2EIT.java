package io.botasky.agent.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.botasky.agent.testkit.RealCollector;
import io.botasky.common.testkit.Daemon;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Controlled actions end to end (docs/operations.md, "Controlled actions"): the real {@code
 * bin/boagent} and {@code bin/pihealthd}, the admin CLI {@code bin/botasky}, a real {@code
 * redis-server}. The redis is killed, its alert fires, {@code botasky action … start --wait} has
 * the agent start it again through the section's own {@code action_start}, the alert resolves and
 * the action's record says who, what and how it ended. Then the agent is killed (-9) while a slow
 * action runs: after its restart the action is recorded as failed (interrupted) and is not run
 * again.
 */
class ActionsE2EIT {
  private static final String ADMIN = "actions-admin-token-0123456789";
  @TempDir Path tmp;
  private RealCollector collector;
  private Path redisPid;

  @AfterEach
  void tearDown() throws Exception {
    if (collector != null) {
      collector.close();
    }
    if (redisPid != null && Files.exists(redisPid)) {
      long pid = Long.parseLong(Files.readString(redisPid).strip());
      ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
    }
  }

  @Test
  void theAgentRunsWhatItsConfigAllowsAndRecordsHowItEnded() throws Exception {
    int redisPort = Daemon.freePort();
    redisPid = tmp.resolve("redis.pid");
    // The command that starts this instance: the test starts it this way too, and the agent's
    // action_start is the same argv, with :instance: for the port.
    List<String> startRedis =
        List.of(
            "/usr/bin/redis-server",
            "--port",
            String.valueOf(redisPort),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--daemonize",
            "yes",
            "--pidfile",
            redisPid.toString());
    assertThat(new ProcessBuilder(startRedis).inheritIO().start().waitFor()).isZero();
    Path runs = tmp.resolve("runs");
    Path slow = tmp.resolve("slow.sh");
    Files.writeString(slow, "#!/bin/sh\necho run >> '" + runs + "'\nexec sleep 30\n");
    Files.setPosixFilePermissions(slow, PosixFilePermissions.fromString("rwxr-xr-x"));

    collector =
        new RealCollector(
            tmp, Map.of("pi-a", "actions-agent-token-0123456789"), "admin_token = " + ADMIN);
    String[] sections = {
      String.join(
          "\n",
          "[redis:" + redisPort + "]",
          "host = 127.0.0.1",
          "port = " + redisPort,
          "interval = 2s",
          "action_start = /usr/bin/redis-server --port :instance: --bind 127.0.0.1 --save \"\""
              + " --appendonly no --daemonize yes --pidfile "
              + redisPid,
          "action_timeout = 20s",
          ""),
      String.join(
          "\n",
          "[tcp:collector]",
          "host = 127.0.0.1",
          "port = " + collector.port(),
          "interval = 2s",
          "action_slow = " + slow,
          "")
    };
    collector.startAgent("pi-a", sections);
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () ->
                assertThat(collector.getJson("/api/v1/services?host=pi-a").path("services"))
                    .hasSize(2));

    // The redis killed: its alert fires.
    long pid = Long.parseLong(Files.readString(redisPid).strip());
    ProcessHandle.of(pid).orElseThrow().destroyForcibly();
    await()
        .atMost(Duration.ofSeconds(15))
        .pollInterval(Duration.ofMillis(200))
        .untilAsserted(() -> assertThat(collector.firing("redis")).isNotEmpty());

    // The operator starts it from the CLI and waits for the outcome.
    Path conf = tmp.resolve("pihealthd.conf");
    Process cli =
        new ProcessBuilder(
                RealCollector.bin("botasky"),
                "-c",
                conf.toString(),
                "action",
                "pi-a",
                "redis:" + redisPort,
                "start",
                "--by",
                "zq",
                "--comment",
                "3 a.m.",
                "--wait")
            .redirectErrorStream(true)
            .start();
    assertThat(cli.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String said = new String(cli.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(cli.exitValue()).as(said).isZero();
    JsonNode done = lastAction("start");
    assertThat(done.path("state").asText()).isEqualTo("succeeded");
    assertThat(done.path("exit_code").asInt()).isZero();
    assertThat(done.path("by").asText()).isEqualTo("zq");
    assertThat(done.path("host").asText()).isEqualTo("pi-a");
    assertThat(done.path("started_at").isNull()).isFalse();
    await()
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(200))
        .untilAsserted(() -> assertThat(collector.firing("redis")).isEmpty());

    // An action the service does not offer is refused by the collector, nothing runs.
    Process refused =
        new ProcessBuilder(
                RealCollector.bin("botasky"),
                "-c",
                conf.toString(),
                "action",
                "pi-a",
                "redis:" + redisPort,
                "reboot")
            .redirectErrorStream(true)
            .start();
    assertThat(refused.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(refused.exitValue()).isEqualTo(1);

    // The agent killed (-9) while a slow action runs: recorded as failed after the restart, never
    // run a second time.
    Process slowCli =
        new ProcessBuilder(
                RealCollector.bin("botasky"),
                "-c",
                conf.toString(),
                "action",
                "pi-a",
                "tcp:collector",
                "slow")
            .redirectErrorStream(true)
            .start();
    assertThat(slowCli.waitFor(30, TimeUnit.SECONDS)).isTrue();
    await()
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(100))
        .untilAsserted(
            () -> assertThat(lastAction("slow").path("state").asText()).isEqualTo("running"));
    collector.killAgent("pi-a");
    collector.startAgent("pi-a", sections);
    await()
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(200))
        .untilAsserted(
            () -> {
              JsonNode a = lastAction("slow");
              assertThat(a.path("state").asText()).isEqualTo("failed");
              assertThat(a.path("reason").asText()).contains("interrupted");
            });
    assertThat(Files.readAllLines(runs)).hasSize(1);
  }

  /** The newest recorded action named {@code name}. */
  private JsonNode lastAction(String name) throws Exception {
    for (JsonNode a : collector.getJson("/api/v1/actions?host=pi-a").path("actions")) {
      if (a.path("action").asText().equals(name)) {
        return a;
      }
    }
    throw new AssertionError("no action " + name);
  }
}
