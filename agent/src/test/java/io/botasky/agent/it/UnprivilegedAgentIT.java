package io.botasky.agent.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.botasky.agent.testkit.AgentJars;
import io.botasky.agent.testkit.FixtureTree;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The agent runs as an unprivileged user (the systemd unit's {@code User=botasky}): what it cannot
 * read is a probe result naming the file, while the probes that can read keep working. Runs {@code
 * boagent check} as {@code nobody} over a fixture host whose wtmp and CPU temperature sensor only
 * root may read: the users probe fails naming the file and the user (root_user detection needs
 * wtmp's logins), the CPU probe reports the sensor at info and still measures load and usage. Root
 * alone can switch users, and root ignores file modes, so this needs a root test run (CI is one)
 * and is skipped elsewhere.
 */
class UnprivilegedAgentIT {
  private Path base;

  @AfterEach
  void cleanUp() throws IOException {
    if (base != null) {
      try (Stream<Path> s = Files.walk(base)) {
        for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
  }

  @Test
  void whatTheAgentCannotReadIsAProbeResultAndTheRestStillWorks() throws Exception {
    assumeTrue(
        "root".equals(System.getProperty("user.name"))
            && Files.isExecutable(Path.of("/usr/sbin/runuser")),
        "needs root and runuser to run the agent as nobody");
    // Not @TempDir: that is mode 700, and nobody must be able to reach the files it may read.
    base = Files.createTempDirectory(Path.of("/tmp"), "botasky-unprivileged");
    FixtureTree host = FixtureTree.copy("basic", base);
    Path root = host.root();
    Files.createDirectories(root.resolve("var"));
    Files.createSymbolicLink(root.resolve("var/log"), root.resolve("log"));
    Path lib = Files.createDirectories(base.resolve("lib"));
    // The build's classpath points into root's ~/.m2, which nobody cannot read: copy the jars.
    for (String jar : AgentJars.list()) {
      Path p = Path.of(jar);
      Files.copy(p, lib.resolve(p.getFileName()));
    }
    Path ini =
        Files.writeString(
            base.resolve("colConfig.ini"),
            String.join(
                "\n",
                "[agent]",
                "host = pi3",
                "master = 127.0.0.1",
                "port = 9",
                "token = unprivileged-token-0123456789",
                "data_dir = " + base.resolve("spool"),
                "log = " + base.resolve("agent.log"),
                "[system]",
                "cpu_sample = 50ms",
                ""));
    openToEveryone(base);
    Path wtmp = root.resolve("log/wtmp");
    Path sensor = root.resolve("sys/class/thermal/thermal_zone1/temp");
    Files.setPosixFilePermissions(wtmp, PosixFilePermissions.fromString("rw-------"));
    Files.setPosixFilePermissions(sensor, PosixFilePermissions.fromString("r--------"));

    List<String> cmd =
        List.of(
            "/usr/sbin/runuser",
            "-u",
            "nobody",
            "--",
            javaBin(),
            "-Xshare:auto",
            "-Dboagent.root=" + root,
            "-cp",
            lib + "/*",
            "io.botasky.agent.Boagent",
            "check",
            "-f",
            ini.toString());
    Process p =
        new ProcessBuilder(cmd)
            .redirectErrorStream(true)
            .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("boagent check ends").isTrue();

    assertThat(p.exitValue()).as("exit 1 (a probe failed); output:%n%s", out).isEqualTo(1);
    assertThat(out)
        .as("the users probe names the file it cannot read and the user it runs as")
        .contains(
            "system/users",
            "permission denied reading " + root.resolve("var/log/wtmp"),
            "(boagent runs as nobody)")
        .containsPattern("FAILED +system/users");
    assertThat(out)
        .as("the CPU sensor is reported at info")
        .containsPattern(
            "INFO +system/cpu +system cpu_temp +cannot read the CPU sensor: permission denied"
                + " reading "
                + java.util.regex.Pattern.quote(sensor.toString()));
    assertThat(out)
        .as("what it can read still works")
        .containsPattern("OK +system/cpu +system cpu_usage")
        .containsPattern("OK +system/mem")
        .containsPattern("OK +system/disk")
        .doesNotContainPattern("FAILED +system/(cpu|mem|disk|sysinfo|procs)");
  }

  private static String javaBin() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  private static void openToEveryone(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.toList()) {
        if (Files.isSymbolicLink(p)) {
          continue;
        }
        boolean writable = p.equals(dir);
        Files.setPosixFilePermissions(
            p,
            PosixFilePermissions.fromString(
                Files.isDirectory(p) ? (writable ? "rwxrwxrwx" : "rwxr-xr-x") : "rw-r--r--"));
      }
    }
  }
}
