package io.botasky.agent.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.botasky.agent.testkit.RealCollector;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Controlled actions at their limits, through the real {@code bin/pihealthd} and {@code
 * bin/boagent} (docs/agent.md and docs/operations.md, "Controlled actions"): an action that hangs
 * is killed at {@code action_timeout} with its whole process group, leaving nothing behind; one
 * that prints 10 MB is recorded with the tail of its output only; a service whose name is full of
 * shell syntax reaches the command as one literal argument; an action requested while its agent is
 * down expires ({@code action_expiry = 3s}) and never runs; one the agent's config dropped while it
 * was stopped is refused with the reason.
 */
class ActionLimitsE2EIT {
  private static final String ADMIN = "limits-admin-token-0123456789";
  private static final Map<String, String> TOKENS =
      Map.of("pi-a", "limits-agent-a-token-0123456789", "pi-b", "limits-agent-b-token-012345678");

  /** A section name an operator may write: quotes, spaces, ';', '$( )' and backquotes. */
  private static final String ODD = "it's \"a b\"; $(touch %s) `touch %s`";

  @TempDir static Path shared;
  private static RealCollector collector;
  private static String oddInstance;

  @BeforeAll
  static void start() throws Exception {
    collector = new RealCollector(shared, TOKENS, "admin_token = " + ADMIN, "action_expiry = 3s");
    Path mark = shared.resolve("shell-ran");
    oddInstance = String.format(ODD, mark, mark);
    script(
        "hang.sh",
        // Deaf to SIGTERM (inherited by what it starts): only the SIGKILL of the group ends it. A
        // child that starts a grandchild, both in the action's process group.
        "trap '' TERM",
        "echo $$ > " + shared.resolve("hang.pids"),
        "sh -c 'echo $$ >> "
            + shared.resolve("hang.pids")
            + "; sleep 300 & echo $! >> "
            + shared.resolve("hang.pids")
            + "; wait' &",
        "echo started",
        "exec sleep 300");
    script("flood.sh", "head -c 10485760 /dev/zero | tr '\\000' x", "echo", "echo the end of it");
    script("argv.sh", "printf '%s\\0' \"$@\" > " + shared.resolve("argv.out"));
    collector.startAgent(
        "pi-a",
        String.join(
            "\n",
            "[tcp:collector]",
            "host = 127.0.0.1",
            "port = " + collector.port(),
            "interval = 2s",
            "action_hang = " + shared.resolve("hang.sh"),
            "action_flood = " + shared.resolve("flood.sh"),
            "action_timeout = 2s",
            "",
            "[tcp:" + oddInstance + "]",
            "host = 127.0.0.1",
            "port = " + collector.port(),
            "interval = 2s",
            "action_argv = " + shared.resolve("argv.sh") + " :instance: --x=:instance:= :host:",
            ""));
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () ->
                assertThat(collector.getJson("/api/v1/services?host=pi-a").path("services"))
                    .hasSize(2));
  }

  @AfterAll
  static void stop() throws Exception {
    if (collector != null) {
      collector.close();
    }
  }

  @Test
  void aHangingActionIsKilledWithItsWholeGroupAtItsTimeout() throws Exception {
    long agent = collector.agentPid("pi-a");
    long id = collector.requestAction(ADMIN, "pi-a", "tcp", "collector", "hang");
    // 2 s of action_timeout, then SIGTERM (ignored), 5 s of grace, then SIGKILL of the group.
    JsonNode done = awaitOutcome(id, Duration.ofSeconds(40));
    assertThat(done.path("state").asText()).as(done.toString()).isEqualTo("timed_out");
    assertThat(done.path("reason").asText()).contains("action_timeout 2s");
    assertThat(done.path("output").asText()).contains("started");
    List<Long> pids =
        Files.readAllLines(shared.resolve("hang.pids")).stream().map(Long::parseLong).toList();
    assertThat(pids).as("the script, its child and its grandchild").hasSize(3);
    await()
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(200))
        .untilAsserted(
            () -> {
              for (long pid : pids) {
                assertThat(gone(pid)).as("pid %d of the action", pid).isTrue();
              }
              assertThat(zombiesOf(agent)).as("zombies under the agent").isEmpty();
            });
  }

  @Test
  void tenMegabytesOfOutputAreRecordedAsTheirLastFourKilobytes() throws Exception {
    long agent = collector.agentPid("pi-a");
    long rssBefore = rssKb(agent);
    long id = collector.requestAction(ADMIN, "pi-a", "tcp", "collector", "flood");
    JsonNode done = awaitOutcome(id, Duration.ofSeconds(60));
    assertThat(done.path("state").asText()).as(done.toString()).isEqualTo("succeeded");
    String output = done.path("output").asText();
    assertThat(output.length()).isLessThanOrEqualTo(4096).isGreaterThan(4000);
    assertThat(output).endsWith("x\nthe end of it\n").matches("(?s)x+\nthe end of it\n");
    // The agent runs with -Xmx32m: a capture that kept the 10 MB would have ended it
    // (ExitOnOutOfMemoryError); its resident size stays that of an agent.
    assertThat(ProcessHandle.of(agent).map(ProcessHandle::isAlive)).contains(true);
    long rss = rssKb(agent);
    assertThat(rss).as("agent VmRSS kB (%d before)", rssBefore).isLessThan(200 * 1024);
    // Not the 10 MB either: at most what the heap (32 MB) can still grow by.
    assertThat(rss - rssBefore).as("agent VmRSS growth kB").isLessThan(40 * 1024);
    System.out.printf("agent VmRSS: %d kB before the 10 MB action, %d kB after%n", rssBefore, rss);
  }

  @Test
  void aServiceNamedWithShellSyntaxReachesTheCommandAsOneLiteralArgument() throws Exception {
    long id = collector.requestAction(ADMIN, "pi-a", "tcp", oddInstance, "argv");
    JsonNode done = awaitOutcome(id, Duration.ofSeconds(30));
    assertThat(done.path("state").asText()).as(done.toString()).isEqualTo("succeeded");
    String written = Files.readString(shared.resolve("argv.out"), StandardCharsets.UTF_8);
    assertThat(Arrays.asList(written.split("\0", -1)))
        .containsExactly(oddInstance, "--x=" + oddInstance + "=", "pi-a", "");
    assertThat(shared.resolve("shell-ran")).doesNotExist();
  }

  @Test
  void anActionForADownAgentExpiresAndNeverRuns() throws Exception {
    Path runs = script("mark.sh", "echo run >> " + shared.resolve("mark.runs"));
    String[] section = {
      String.join(
          "\n",
          "[tcp:collector]",
          "host = 127.0.0.1",
          "port = " + collector.port(),
          "interval = 2s",
          "action_mark = " + runs,
          "")
    };
    collector.startAgent("pi-b", section);
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () ->
                assertThat(collector.getJson("/api/v1/services?host=pi-b").path("services"))
                    .hasSize(1));
    collector.stopAgent("pi-b");
    long id = collector.requestAction(ADMIN, "pi-b", "tcp", "collector", "mark");
    JsonNode done = awaitOutcome(id, Duration.ofSeconds(15));
    assertThat(done.path("state").asText()).as(done.toString()).isEqualTo("expired");
    assertThat(done.path("reason").asText()).contains("action_expiry");
    assertThat(done.path("started_at").isNull()).isTrue();

    // Back up, the agent is not given it: a new request runs, the expired one never does.
    collector.startAgent("pi-b", section);
    long next = collector.requestAction(ADMIN, "pi-b", "tcp", "collector", "mark");
    assertThat(awaitOutcome(next, Duration.ofSeconds(30)).path("state").asText())
        .isEqualTo("succeeded");
    await()
        .during(Duration.ofSeconds(2))
        .atMost(Duration.ofSeconds(4))
        .until(() -> Files.readAllLines(shared.resolve("mark.runs")).size() == 1);
    assertThat(collector.action(id).path("state").asText()).isEqualTo("expired");
  }

  @Test
  void anActionTheConfigDroppedWhileTheAgentWasStoppedIsRefused(@TempDir Path tmp)
      throws Exception {
    // A collector of its own, with the default action_expiry: the agent's restart may take longer
    // than the 3 s of the shared one.
    try (RealCollector own =
        new RealCollector(tmp, Map.of("pi-c", TOKENS.get("pi-a")), "admin_token = " + ADMIN)) {
      String base =
          String.join(
              "\n", "[tcp:collector]", "host = 127.0.0.1", "port = " + own.port(), "interval = 2s");
      own.startAgent("pi-c", base + "\naction_probe = /bin/true\n");
      await()
          .atMost(Duration.ofSeconds(20))
          .untilAsserted(
              () ->
                  assertThat(own.getJson("/api/v1/services?host=pi-c").path("services").get(0))
                      .isNotNull());
      own.stopAgent("pi-c");
      long id = own.requestAction(ADMIN, "pi-c", "tcp", "collector", "probe");
      assertThat(own.action(id).path("state").asText()).isEqualTo("pending");
      own.startAgent("pi-c", base + "\n");
      await()
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(200))
          .untilAsserted(
              () -> assertThat(own.action(id).path("state").asText()).isEqualTo("refused"));
      JsonNode a = own.action(id);
      assertThat(a.path("reason").asText())
          .isEqualTo("the service does not offer the action probe");
      assertThat(a.path("exit_code").isNull()).isTrue();
    }
  }

  /** Waits for {@code id} to leave pending and running; the action then. */
  private static JsonNode awaitOutcome(long id, Duration atMost) {
    JsonNode[] out = new JsonNode[1];
    await()
        .atMost(atMost)
        .pollInterval(Duration.ofMillis(200))
        .untilAsserted(
            () -> {
              out[0] = collector.action(id);
              assertThat(out[0].path("state").asText()).isNotIn("pending", "running");
            });
    return out[0];
  }

  /** An executable {@code /bin/sh} script in the shared directory. */
  private static Path script(String name, String... lines) throws IOException {
    Path p = shared.resolve(name);
    Files.writeString(p, "#!/bin/sh\n" + String.join("\n", lines) + "\n");
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
    return p;
  }

  /**
   * Fields of {@code /proc/PID/stat} after the command name (state, ppid, …), or null when the
   * process is gone. The name may hold spaces and parentheses: the fields start after the last ')'.
   */
  private static String[] stat(Path proc) {
    try {
      String s = Files.readString(proc.resolve("stat"));
      return s.substring(s.lastIndexOf(')') + 2).split(" ");
    } catch (IOException e) {
      return null;
    }
  }

  /**
   * True when {@code pid} no longer runs: gone, or a zombie of a parent other than the agent (an
   * orphan re-parented to this machine's init, whose reaping is not the agent's business).
   */
  private static boolean gone(long pid) {
    String[] f = stat(Path.of("/proc", String.valueOf(pid)));
    return f == null || f[0].equals("Z") || f[0].equals("X");
  }

  /** The zombie children of {@code parent}: processes it has not reaped. */
  private static List<Long> zombiesOf(long parent) throws IOException {
    List<Long> out = new ArrayList<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
      for (Path p : ds) {
        String[] f = stat(p);
        if (f != null && f[0].equals("Z") && Long.parseLong(f[1]) == parent) {
          out.add(Long.parseLong(p.getFileName().toString()));
        }
      }
    }
    return out;
  }

  private static long rssKb(long pid) throws IOException {
    for (String l : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
      if (l.startsWith("VmRSS:")) {
        return Long.parseLong(l.replaceAll("[^0-9]", ""));
      }
    }
    throw new AssertionError("no VmRSS for " + pid);
  }
}
