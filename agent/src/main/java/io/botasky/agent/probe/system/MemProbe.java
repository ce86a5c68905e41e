package io.botasky.agent.probe.system;

import io.botasky.agent.linux.MemInfo;
import io.botasky.agent.probe.Probe;
import io.botasky.agent.probe.ProbeException;
import io.botasky.agent.probe.ProbeSink;
import java.io.IOException;
import java.util.Map;

/**
 * Memory in use from MemAvailable, and the dynamic average 0.3 × previous + 0.7 × current
 * (docs/probes/system.md).
 */
public final class MemProbe implements Probe {
  private final SystemSources src;
  private final SystemSettings cfg;

  /**
   * The previous dynamic average; NaN before the first round, when the average is the reading
   * itself.
   */
  private double average = Double.NaN;

  public MemProbe(SystemSources src, SystemSettings cfg) {
    this.src = src;
    this.cfg = cfg;
  }

  @Override
  public String id() {
    return "system/mem";
  }

  /** One reading; advances the dynamic average. */
  public synchronized MemReport measure() throws IOException {
    MemInfo m = src.proc().memInfo();
    double used = m.usedPercent();
    average = dynamicAverage(average, used);
    return new MemReport(src.clock().instant(), m.total(), m.available(), used, average);
  }

  /** 0.3 × previous + 0.7 × current; the first value is the reading itself. */
  public static double dynamicAverage(double previous, double current) {
    return Double.isNaN(previous) ? current : 0.3 * previous + 0.7 * current;
  }

  @Override
  public void run(ProbeSink sink) throws ProbeException {
    MemReport r;
    try {
      r = measure();
    } catch (IOException e) {
      throw ProbeException.reading("mem", e);
    }
    Map<String, String> none = Map.of();
    sink.sample("mem.total_bytes", r.total(), none);
    sink.sample("mem.available_bytes", r.available(), none);
    sink.sample("mem.used_percent", CpuProbe.round1(r.usedPercent()), none);
    sink.sample("mem.dynamic_average_percent", CpuProbe.round1(r.dynamicAverage()), none);
    sink.outcome(
        CpuProbe.threshold(
            "mem_usage", CpuProbe.round1(r.usedPercent()), cfg.memUsage(), "%", "memory used"));
  }
}
