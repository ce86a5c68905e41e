package io.botasky.agent.probe.keepalived;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import io.botasky.common.exec.Capabilities;
import io.botasky.common.exec.ProcessCommandRunner;
import io.botasky.common.testkit.ServiceScript;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The keepalived probe as the packaged agent runs it: as an unprivileged user (nobody) with the
 * ambient capabilities of the systemd drop-in, wired as {@code boagent} wires it (children through
 * setpriv), against a real root keepalived of {@code scripts/services/keepalived.sh} (node ka1,
 * master). Shows that the drop-in's three capabilities are enough, that each is needed, and what
 * the probe says without them. Needs root, setpriv and the keepalived service; skipped elsewhere.
 */
class KeepalivedUnprivilegedIT {
  private static final ServiceScript KA = new ServiceScript("keepalived");
  private static final String VIP = "10.99.0.100";
  private static final String INI =
      "[keepalived]\nvip = " + VIP + "\ninterface = vrrp0\nexpect = master\n";
  private static final Duration WITHIN = Duration.ofSeconds(20);

  private static Path dir;
  private static String classPath;
  private static AutoCloseable lease;

  @BeforeAll
  static void services() throws IOException {
    assumeThat(Files.isExecutable(ProcessCommandRunner.SETPRIV)).as("setpriv installed").isTrue();
    Capabilities me = Capabilities.read(Path.of("/proc/self/status"));
    assumeThat(me.hasEffective("CAP_SETUID") && me.hasEffective("CAP_SETPCAP"))
        .as("running as root")
        .isTrue();
    lease = KA.exclusive();
    KA.start();
    // nobody must read the driver's classes and config: a world-readable copy of the class path.
    dir = Files.createTempDirectory("ka-unpriv");
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    classPath = readableCopy(NamespaceProbe.testClassPath(), dir.resolve("cp"));
  }

  @AfterAll
  static void release() throws Exception {
    if (dir != null) {
      try (Stream<Path> all = Files.walk(dir)) {
        all.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
      }
    }
    if (lease != null) {
      lease.close();
    }
  }

  @Test
  void withTheDropInsCapabilitiesTheStateIsKnown() throws Exception {
    try (NamespaceProbe p = asNobody("kill,sys_ptrace,dac_read_search")) {
      await()
          .atMost(WITHIN)
          .untilAsserted(
              () -> {
                NamespaceProbe.Round r = p.round();
                assertThat(r.firing("process_down")).as("%s", r).isFalse();
                assertThat(r.summary().get("process_down"))
                    .as("%s", r)
                    .contains("state MASTER")
                    .doesNotContain("lacks");
                assertThat(r.vipsHeld()).containsExactly(VIP);
              });
    }
  }

  @Test
  void withoutAnyTheProbeNamesAllThreeAndRaisesNoFalseProcessDown() throws Exception {
    try (NamespaceProbe p = asNobody("")) {
      NamespaceProbe.Round r = p.round();
      assertThat(r.firing("process_down")).as("keepalived runs: %s", r).isFalse();
      assertThat(r.summary().get("process_down"))
          .as("%s", r)
          .contains(
              "state UNKNOWN",
              "boagent lacks CAP_KILL",
              "CAP_SYS_PTRACE",
              "CAP_DAC_READ_SEARCH",
              "install-units.sh --agent-caps");
      assertThat(r.vipsHeld())
          .as("VIP present and keepalived alive: judged by presence")
          .containsExactly(VIP);
      p.round();
      assertThat(p.logLines)
          .as("one WARN for the probe, not one per round")
          .filteredOn(l -> l.contains("boagent lacks"))
          .hasSize(1);
    }
  }

  @Test
  void theOldUnitsTwoWereNotEnoughTheDumpIsRootOnly() throws Exception {
    try (NamespaceProbe p = asNobody("kill,sys_ptrace")) {
      NamespaceProbe.Round r = p.round();
      assertThat(r.summary().get("process_down"))
          .as("%s", r)
          .contains("state UNKNOWN", "boagent lacks CAP_DAC_READ_SEARCH")
          .doesNotContain("CAP_KILL (", "CAP_SYS_PTRACE (");
    }
  }

  private static NamespaceProbe asNobody(String caps) throws IOException {
    String set = caps.isEmpty() ? "-all" : "-all,+" + caps.replace(",", ",+");
    List<String> setpriv =
        List.of(
            ProcessCommandRunner.SETPRIV.toString(),
            "--reuid=65534",
            "--regid=65534",
            "--clear-groups",
            "--no-new-privs",
            "--bounding-set=" + set,
            "--inh-caps=" + set,
            "--ambient-caps=" + set,
            "--");
    Path nodeDir = Files.createTempDirectory(dir, "node");
    Files.setPosixFilePermissions(nodeDir, PosixFilePermissions.fromString("rwxr-xr-x"));
    NamespaceProbe p =
        new NamespaceProbe(
            "botasky-ka1",
            INI,
            nodeDir,
            setpriv,
            classPath,
            List.of("-Ddriver.agent=true", "-Duser.home=/tmp"));
    return p;
  }

  /**
   * Copies every class path entry under {@code to}, readable by all; returns the new class path.
   */
  private static String readableCopy(String classPath, Path to) throws IOException {
    List<String> out = new ArrayList<>();
    int i = 0;
    for (String entry : classPath.split(java.io.File.pathSeparator)) {
      Path from = Path.of(entry);
      if (!Files.exists(from)) {
        continue;
      }
      Path target = to.resolve(i++ + "-" + from.getFileName());
      try (Stream<Path> tree = Files.walk(from)) {
        for (Path f : (Iterable<Path>) tree::iterator) {
          Path t = target.resolve(from.relativize(f).toString());
          if (Files.isDirectory(f)) {
            Files.createDirectories(t);
          } else {
            Files.createDirectories(t.getParent());
            Files.copy(f, t, StandardCopyOption.REPLACE_EXISTING);
          }
        }
      }
      out.add(target.toString());
    }
    try (Stream<Path> all = Files.walk(to)) {
      for (Path f : (Iterable<Path>) all::iterator) {
        Files.setPosixFilePermissions(
            f, PosixFilePermissions.fromString(Files.isDirectory(f) ? "rwxr-xr-x" : "rw-r--r--"));
      }
    }
    return String.join(java.io.File.pathSeparator, out);
  }
}
