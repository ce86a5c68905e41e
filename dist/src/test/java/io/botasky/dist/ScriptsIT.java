package io.botasky.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The operations scripts, each a bash test in src/test/sh run against what {@code package} built:
 * the Debian package in a throwaway root (with {@code systemd-analyze verify} of its units), the
 * start/stop scripts against the real daemons, and scripts/demo.sh. A script prints what it does
 * and ends with "OK: …"; its output is in target/it/NAME.out and in the failure message.
 *
 * <p>Tools they need (dpkg, systemd-analyze) are installed by scripts/test.sh on CI; elsewhere a
 * missing tool skips the test, on CI it fails it.
 */
class ScriptsIT {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final Path TARGET = Path.of("target").toAbsolutePath();

  /** A script's exit code for "cannot run here" (it prints "SKIP: why"), as automake's tests. */
  private static final int SKIPPED = 77;

  @Test
  void debianPackageInstallsUpgradesAndItsUnitsVerify() throws Exception {
    requireTool("dpkg");
    requireTool("dpkg-deb");
    requireTool("systemd-analyze");
    Path deb = only(TARGET, "botasky_*.deb");
    run("deb-install", 300, deb.toString(), TARGET.resolve("it/deb").toString());
  }

  @Test
  void agentCapabilitiesDropInFollowsTheKeepalivedSection() throws Exception {
    // install-units.sh from the source tree, into a throwaway root: no package, no root needed.
    run("agent-caps", 60, ROOT.toString(), TARGET.resolve("it/agent-caps").toString());
  }

  @Test
  void allowUnitsWritesThePolkitRuleForExactlyTheListedUnits() throws Exception {
    // From the source tree into a throwaway root; node (if present) evaluates the rule's JS. The
    // real polkitd judges it in theRealPolkitdAuthorizesExactlyTheListedUnitsForBotasky.
    run("allow-units", 60, ROOT.toString(), TARGET.resolve("it/allow-units").toString());
  }

  @Test
  void theRealPolkitdAuthorizesExactlyTheListedUnitsForBotasky() throws Exception {
    // polkitd on a private system bus (no systemd needed); the script needs root and skips (exit
    // 77, "SKIP: why") when polkitd cannot run here.
    requireTool("pkcheck");
    requireTool("dbus-daemon");
    run("polkit", 120, ROOT.toString(), TARGET.resolve("it/polkit").toString());
  }

  @Test
  void startStopScriptsKeepPidFilesAndLsbCodes() throws Exception {
    requireTool("curl");
    run("daemon-scripts", 300, ROOT.toString(), TARGET.resolve("it/daemon-scripts").toString());
  }

  @Test
  void demoRunsTheTrioTripsRunawayProcessAndStopsCleanly() throws Exception {
    requireTool("curl");
    run("demo-run", 420, ROOT.toString(), TARGET.resolve("it/demo").toString());
  }

  @Test
  void bootedSystemdRunsThePackageAsAUserWould() throws Exception {
    // A Debian bookworm booted by systemd-nspawn (scripts/services/nspawn.sh), systemd as PID 1:
    // the root file system is cached under ~/.cache/botasky (scripts/test.sh builds it on CI;
    // elsewhere the first run builds it, ~3 min).
    requireTool("jq");
    requireTool("curl");
    Process p =
        new ProcessBuilder(
                "bash", ROOT.resolve("scripts/services/nspawn.sh").toString(), "can-boot")
            .redirectErrorStream(true)
            .start();
    String reason = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    boolean canBoot = p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    if ("true".equals(System.getenv("CI"))) {
      assertThat(canBoot).as("CI must boot a container: %s", reason).isTrue();
    }
    assumeThat(canBoot).as("cannot boot a container here: %s", reason).isTrue();
    Path deb = only(TARGET, "botasky_*.deb");
    run(
        "booted-systemd",
        900,
        ROOT.toString(),
        deb.toString(),
        TARGET.resolve("it/booted-systemd").toString());
  }

  @Test
  void agentClassDataSharingArchiveIsMadeAtItsSecondStart() throws Exception {
    Path tgz = only(TARGET, "botasky-*.tar.gz");
    run("agent-cds", 300, tgz.toString(), TARGET.resolve("it/agent-cds").toString());
  }

  @Test
  void tarballHoldsLaunchersLibConfigUnitsScriptsAndDocs() throws Exception {
    Path tgz = only(TARGET, "botasky-*.tar.gz");
    Process p = new ProcessBuilder("tar", "-tzf", tgz.toString()).redirectErrorStream(true).start();
    String listing = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String top = tgz.getFileName().toString().replace(".tar.gz", "") + "/";
    assertThat(listing.lines().toList())
        .as("tarball listing")
        .contains(
            top + "bin/pihealthd",
            top + "bin/boagent",
            top + "bin/boird",
            top + "bin/botasky",
            top + "bin/launch.sh",
            top + "bin/cds.sh",
            top + "systemd/pihealthd.service",
            top + "systemd/boagent.service",
            top + "systemd/boird.service",
            top + "systemd/boagent-keepalived.conf",
            top + "systemd/boagent-ping.conf",
            top + "systemd/install-units.sh",
            top + "config/pihealthd.conf",
            top + "config/colConfig.ini",
            top + "config/escalation.conf",
            top + "scripts/botasky.sh",
            top + "scripts/lib/daemonctl.sh",
            top + "docs/operations.md",
            top + "docs/config-reference.md",
            top + "lib/agent.classpath",
            top + "lib/collector-api.classpath",
            top + "lib/notifier.classpath")
        .anyMatch(l -> l.matches(java.util.regex.Pattern.quote(top) + "lib/collector-api-.*\\.jar"))
        .anyMatch(l -> l.matches(java.util.regex.Pattern.quote(top) + "lib/common-db-.*\\.jar"));
  }

  private static void run(String script, int timeoutSeconds, String... args) throws Exception {
    Path out = TARGET.resolve("it/" + script + ".out");
    Files.createDirectories(out.getParent());
    List<String> cmd =
        new ArrayList<>(List.of("bash", Path.of("src/test/sh", script + ".sh").toString()));
    cmd.addAll(List.of(args));
    Process p =
        new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
    boolean done = p.waitFor(timeoutSeconds, TimeUnit.SECONDS);
    if (!done) {
      p.descendants().forEach(ProcessHandle::destroy);
      p.destroy();
      p.waitFor(20, TimeUnit.SECONDS);
    }
    String output = Files.readString(out, StandardCharsets.UTF_8);
    if (done && p.exitValue() == SKIPPED) {
      assumeThat(false).as("%s: %s", script, output.strip()).isTrue();
    }
    assertThat(done)
        .as("%s did not finish within %d s; output:%n%s", script, timeoutSeconds, output)
        .isTrue();
    assertThat(p.exitValue()).as("%s exit code; output:%n%s", script, output).isZero();
    assertThat(output).as("%s output", script).contains("OK: ");
  }

  private static Path only(Path dir, String glob) throws IOException {
    List<Path> found = new ArrayList<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, glob)) {
      ds.forEach(found::add);
    }
    assertThat(found).as("%s in %s (built by mvn package)", glob, dir).hasSize(1);
    return found.get(0);
  }

  private static void requireTool(String tool) throws Exception {
    boolean present = new ProcessBuilder("sh", "-c", "command -v " + tool).start().waitFor() == 0;
    if ("true".equals(System.getenv("CI"))) {
      assertThat(present).as("%s is needed on CI (scripts/test.sh installs it)", tool).isTrue();
    }
    assumeThat(present).as("%s not installed; skipping", tool).isTrue();
  }
}
