package io.botasky.agent.probe.system;

import io.botasky.agent.probe.Levels;
import io.botasky.common.config.Section;
import java.time.Duration;
import java.util.List;

/**
 * The {@code [system]} section: one interval per probe (by default CPU and memory 5 s, disk,
 * sysinfo and users 1 min, processes 30 s) and the thresholds of each check; the keys and defaults
 * are in docs/probes/system.md.
 */
public record SystemSettings(
    Duration cpuInterval,
    Duration memInterval,
    Duration diskInterval,
    Duration sysinfoInterval,
    Duration usersInterval,
    Duration procInterval,
    Duration cpuSample,
    Levels cpuUsage,
    Levels cpuLoad,
    Levels cpuTemp,
    Levels memUsage,
    Levels diskUsage,
    double runawayCpu,
    double runawayMem,
    Duration runawayWait,
    int uidMin,
    List<String> rootUsers) {

  public static final Levels CPU_USAGE = new Levels(null, 90.0, null);

  /** Load average of one minute per CPU core. */
  public static final Levels CPU_LOAD = new Levels(null, 2.0, 4.0);

  /** Note 50–70 °C, warning from 70 °C. */
  public static final Levels CPU_TEMP = new Levels(50.0, 70.0, null);

  /** Note from 70 %, warning from 80 %; critical (95 %) when nearly out. */
  public static final Levels MEM_USAGE = new Levels(70.0, 80.0, 95.0);

  /** Note from 80 %, warning from 90 %; critical (95 %) when nearly full. */
  public static final Levels DISK_USAGE = new Levels(80.0, 90.0, 95.0);

  /** Every default, as if the section were empty. */
  public static SystemSettings defaults() {
    return new SystemSettings(
        Duration.ofSeconds(5),
        Duration.ofSeconds(5),
        Duration.ofMinutes(1),
        Duration.ofMinutes(1),
        Duration.ofMinutes(1),
        Duration.ofSeconds(30),
        Duration.ofMillis(500),
        CPU_USAGE,
        CPU_LOAD,
        CPU_TEMP,
        MEM_USAGE,
        DISK_USAGE,
        50.0,
        50.0,
        Duration.ofSeconds(5),
        1000,
        List.of());
  }

  /** Reads the section, recording bad values in its report. */
  public static SystemSettings read(Section s) {
    SystemSettings d = defaults();
    return new SystemSettings(
        positive(s, "cpu_interval", d.cpuInterval),
        positive(s, "mem_interval", d.memInterval),
        positive(s, "disk_interval", d.diskInterval),
        positive(s, "sysinfo_interval", d.sysinfoInterval),
        positive(s, "users_interval", d.usersInterval),
        positive(s, "proc_interval", d.procInterval),
        positive(s, "cpu_sample", d.cpuSample),
        Levels.read(s, "cpu_usage", CPU_USAGE),
        Levels.read(s, "cpu_load", CPU_LOAD),
        Levels.read(s, "cpu_temp", CPU_TEMP),
        Levels.read(s, "mem_usage", MEM_USAGE),
        Levels.read(s, "disk_usage", DISK_USAGE),
        s.decimal("runaway_cpu", d.runawayCpu, 1, 100_000),
        s.decimal("runaway_mem", d.runawayMem, 1, 100),
        positive(s, "runaway_wait", d.runawayWait),
        s.intIn("uid_min", d.uidMin, 1, 60000),
        s.list("root_users"));
  }

  private static Duration positive(Section s, String key, Duration def) {
    Duration v = s.duration(key, def);
    if (v.isZero() || v.isNegative()) {
      s.error(key, "must be positive");
      return def;
    }
    return v;
  }
}
