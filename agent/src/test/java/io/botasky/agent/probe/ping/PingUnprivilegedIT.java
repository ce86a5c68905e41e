package io.botasky.agent.probe.ping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.botasky.agent.testkit.AgentJars;
import io.botasky.common.testkit.ServiceScript;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code boagent check} with a {@code [ping:NAME]} section as {@code boagent.service} runs it: an
 * unprivileged user with no_new_privs and, like the unit, an empty capability bounding set. The
 * kernel then refuses to start {@code /usr/bin/ping} (it carries the file capability cap_net_raw):
 * the section fails saying why and what to install. With CAP_NET_RAW in the bounding set (the
 * drop-in botasky-ping.conf) the same check passes. It runs inside botasky-net1 with {@code
 * net.ipv4.ping_group_range} open to every group (that sysctl is per network namespace), as a
 * booted Debian has it, so it passes on kernels that deny the file capability under no_new_privs
 * too. Needs root (setpriv switches users); skipped elsewhere.
 */
class PingUnprivilegedIT {
  private static final ServiceScript NETNS = new ServiceScript("netns");
  private static AutoCloseable lease;
  private static Path base;
  private static Path ini;
  private static Path lib;

  @BeforeAll
  static void setUp() throws Exception {
    assumeTrue(
        "root".equals(System.getProperty("user.name"))
            && Files.isExecutable(Path.of("/usr/bin/setpriv")),
        "needs root and setpriv to run the agent as nobody");
    lease = NETNS.exclusive();
    NETNS.start();
    assertThat(
            exec(
                "ip",
                "netns",
                "exec",
                "botasky-net1",
                "sysctl",
                "-q",
                "-w",
                "net.ipv4.ping_group_range=0 2147483647"))
        .isEmpty();
    // Not @TempDir (mode 700): nobody must read the jars and the config.
    base = Files.createTempDirectory(Path.of("/tmp"), "botasky-ping-unprivileged");
    lib = Files.createDirectories(base.resolve("lib"));
    for (String jar : AgentJars.list()) {
      Path p = Path.of(jar);
      Files.copy(p, lib.resolve(p.getFileName()));
    }
    ini =
        Files.writeString(
            base.resolve("colConfig.ini"),
            String.join(
                "\n",
                "[agent]",
                "host = pinger",
                "master = 127.0.0.1",
                "port = 9",
                "token = unprivileged-token-0123456789",
                "data_dir = " + base.resolve("spool"),
                "log = " + base.resolve("agent.log"),
                "[ping:self]",
                "host = 10.98.0.2",
                "count = 2",
                ""));
    try (Stream<Path> s = Files.walk(base)) {
      for (Path p : s.toList()) {
        Files.setPosixFilePermissions(
            p, PosixFilePermissions.fromString(Files.isDirectory(p) ? "rwxrwxrwx" : "rw-rw-rw-"));
      }
    }
  }

  @AfterAll
  static void cleanUp() throws Exception {
    if (base != null) {
      try (Stream<Path> s = Files.walk(base)) {
        for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
    if (lease != null) {
      lease.close();
    }
  }

  /** boagent check in botasky-net1 as nobody, no_new_privs, with this bounding set. */
  private static String check(String boundingSet) throws Exception {
    List<String> cmd =
        List.of(
            "ip",
            "netns",
            "exec",
            "botasky-net1",
            "/usr/bin/setpriv",
            "--reuid=65534",
            "--regid=65534",
            "--clear-groups",
            "--no-new-privs",
            "--inh-caps=-all",
            "--bounding-set=" + boundingSet,
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xshare:auto",
            "-cp",
            lib + "/*",
            "io.botasky.agent.Boagent",
            "check",
            "--ping",
            "-f",
            ini.toString());
    return exec(cmd.toArray(String[]::new));
  }

  @Test
  void withAnEmptyBoundingSetPingCannotStartAndTheCheckSaysWhy() throws Exception {
    String out = check("-all");
    assertThat(out)
        .as("boagent check output")
        .containsPattern("FAILED +ping:self +cannot start ping: .*Operation not permitted")
        .contains("CAP_NET_RAW")
        .contains("docs/operations.md");
  }

  @Test
  void withCapNetRawInTheBoundingSetPingWorks() throws Exception {
    String out = check("-all,+net_raw");
    assertThat(out)
        .as("boagent check output")
        .containsPattern("OK +ping:self +ping:self unreachable +10.98.0.2 answers \\(2 of 2\\)")
        .doesNotContain("FAILED");
  }

  private static String exec(String... argv) throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder(argv)
            .redirectErrorStream(true)
            .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("%s ends", argv[0]).isTrue();
    return out;
  }
}
