package io.botasky.agent.probe.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.botasky.agent.linux.EtcFs;
import io.botasky.agent.linux.JdkFsStats;
import io.botasky.agent.linux.ProcFs;
import io.botasky.agent.linux.ProcessInfo;
import io.botasky.agent.linux.SysFs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/** The runaway scan on the real /proc catches a busy loop this test starts. */
@EnabledOnOs(OS.LINUX)
class RealRunawayProcessTest {
  private Process busy;

  @AfterEach
  void kill() {
    if (busy != null) {
      busy.destroyForcibly();
    }
  }

  private static SystemSources realHost() {
    return new SystemSources(
        new ProcFs(Path.of("/proc")),
        new SysFs(Path.of("/sys")),
        new EtcFs(Path.of("/etc"), Path.of("/run"), Path.of("/var/log")),
        new JdkFsStats(),
        Clock.systemDefaultZone(),
        Sleeper.real());
  }

  @Test
  void aBusyLoopIsCaughtWithItsPidUserAndCommandLine() throws Exception {
    busy = new ProcessBuilder("sh", "-c", "while :; do :; done").start();
    long pid = busy.pid();
    SystemSources src = realHost();
    SystemSettings d = SystemSettings.defaults();
    // Two cores are shared with other builds here: a 1 s window and a 30 % bar keep a loop that
    // gets most of a core above it, while the rule (two samples apart) is the production one.
    SystemSettings cfg =
        new SystemSettings(
            d.cpuInterval(),
            d.memInterval(),
            d.diskInterval(),
            d.sysinfoInterval(),
            d.usersInterval(),
            d.procInterval(),
            d.cpuSample(),
            d.cpuUsage(),
            d.cpuLoad(),
            d.cpuTemp(),
            d.memUsage(),
            d.diskUsage(),
            30.0,
            d.runawayMem(),
            Duration.ofSeconds(1),
            d.uidMin(),
            List.of());
    RunawayProcessProbe probe = new RunawayProcessProbe(src, cfg);
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(100))
        .untilAsserted(
            () -> {
              ProcsReport r = probe.measure();
              assertThat(r.runaways())
                  .anySatisfy(
                      p -> {
                        assertThat(p.pid()).isEqualTo((int) pid);
                        assertThat(p.name()).isEqualTo("sh");
                        assertThat(p.commandLine()).isEqualTo("sh -c while :; do :; done");
                        assertThat(p.cpu()).isGreaterThan(30.0);
                        assertThat(p.user()).isNotBlank();
                      });
            });
    busy.destroyForcibly().waitFor();
    assertThat(probe.measure().runaways()).noneMatch(p -> p.pid() == pid);
  }

  @Test
  void theRealProcessTableHasThisJvmWithItsCommandLine() throws Exception {
    ProcFs proc = new ProcFs(Path.of("/proc"));
    long self = ProcessHandle.current().pid();
    Optional<ProcessInfo> me = proc.process((int) self);
    assertThat(me).isPresent();
    assertThat(me.get().commandLine()).contains("java");
    assertThat(me.get().rssBytes()).isPositive();
    assertThat(me.get().uid())
        .isEqualTo((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
    assertThat(proc.processes()).extracting(ProcessInfo::pid).contains((int) self, 1);
    assertThat(proc.pageSize()).isIn(4096L, 16384L, 65536L);
  }

  @Test
  void everyShowReportWorksOnThisHost() throws Exception {
    SystemSources src = realHost();
    SystemSettings cfg = SystemSettings.defaults();
    assertThat(new CpuProbe(src, cfg).measure().cpus()).isPositive();
    assertThat(new MemProbe(src, cfg).measure().total()).isPositive();
    assertThat(new DiskProbe(src, cfg).measure().partitions()).isNotEmpty();
    assertThat(new SysinfoProbe(src, cfg).measure().kernel()).isNotBlank();
    assertThat(new UsersProbe(src, cfg).measure().rootUsers()).contains("root");
  }
}
