package io.botasky.agent.probe.system;

import io.botasky.agent.linux.LoadAvg;
import io.botasky.agent.linux.MemInfo;
import io.botasky.agent.linux.OsRelease;
import io.botasky.agent.linux.Uptime;
import io.botasky.agent.probe.Probe;
import io.botasky.agent.probe.ProbeException;
import io.botasky.agent.probe.ProbeSink;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The system overview ({@code boagent show sysinfo}). Raises no alert of its own (the CPU, memory
 * and disk probes do); its latest report is what the heartbeat carries as {@code sysinfo}.
 */
public final class SysinfoProbe implements Probe, io.botasky.agent.probe.SysinfoContributor {
  private final SystemSources src;
  private final SystemSettings cfg;
  private final DiskProbe disk;
  private final AtomicReference<SysinfoReport> latest = new AtomicReference<>();

  public SysinfoProbe(SystemSources src, SystemSettings cfg) {
    this.src = src;
    this.cfg = cfg;
    this.disk = new DiskProbe(src, cfg);
  }

  @Override
  public String id() {
    return "system/sysinfo";
  }

  public SysinfoReport measure() throws IOException {
    LoadAvg load = src.proc().loadAvg();
    MemInfo mem = src.proc().memInfo();
    Uptime up = src.proc().uptime();
    DiskReport d = disk.measure();
    Optional<Double> temp;
    try {
      temp = src.sys().cpuTemperature();
    } catch (java.nio.file.AccessDeniedException e) {
      // Not available to this user; the CPU probe says why, at info.
      temp = Optional.empty();
    }
    String os = src.etc().osRelease().map(OsRelease::prettyName).orElse("Linux");
    SysinfoReport r =
        new SysinfoReport(
            src.clock().instant(),
            src.proc().hostname(),
            os,
            src.proc().kernelRelease(),
            up.sinceBoot(),
            up.pretty(),
            load.load1(),
            load.load5(),
            load.load15(),
            d.disk().total(),
            d.disk().usedPercent(),
            mem.total(),
            mem.usedPercent(),
            temp,
            cfg.diskUsage().word(d.disk().usedPercent()),
            cfg.memUsage().word(mem.usedPercent()),
            temp.map(t -> cfg.cpuTemp().word(t)).orElse("normal"));
    latest.set(r);
    return r;
  }

  /** The last report, empty before the first round. */
  public Optional<SysinfoReport> latest() {
    return Optional.ofNullable(latest.get());
  }

  /** The report as the heartbeat's free-form map (snake_case keys). */
  public static Map<String, Object> asMap(SysinfoReport r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("hostname", r.hostname());
    m.put("os", r.os());
    m.put("kernel", r.kernel());
    m.put("uptime_seconds", r.uptime().toSeconds());
    m.put("load", java.util.List.of(r.load1(), r.load5(), r.load15()));
    m.put("disk_total_bytes", r.diskTotal());
    m.put("disk_used_percent", CpuProbe.round1(r.diskUsedPercent()));
    m.put("mem_total_bytes", r.memTotal());
    m.put("mem_used_percent", CpuProbe.round1(r.memUsedPercent()));
    r.cpuTemperature().ifPresent(t -> m.put("cpu_temp_celsius", CpuProbe.round1(t)));
    m.put("disk_level", r.diskLevel());
    m.put("mem_level", r.memLevel());
    m.put("cpu_level", r.cpuLevel());
    return m;
  }

  @Override
  public void contribute(Map<String, Object> sysinfo) {
    latest().ifPresent(r -> sysinfo.putAll(asMap(r)));
  }

  @Override
  public void run(ProbeSink sink) throws ProbeException {
    try {
      SysinfoReport r = measure();
      sink.sample("system.uptime_seconds", r.uptime().toSeconds(), Map.of());
    } catch (IOException e) {
      throw ProbeException.reading("sysinfo", e);
    }
  }
}
