package io.botasky.collector;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.config.MeterFilterReply;
import java.lang.management.ManagementFactory;

/**
 * Keeps Micrometer's JVM binders within Prometheus's naming rules, so that {@code promtool check
 * metrics} passes on {@code /metrics}. Two of {@code ProcessorMetrics}' meters break them:
 *
 * <ul>
 *   <li>{@code process.cpu.time} counts nanoseconds ({@code process_cpu_time_ns_total}: an
 *       abbreviated unit, and not the base unit). It is denied and replaced by the name every
 *       Prometheus client library exports and every process dashboard reads, {@code
 *       process_cpu_seconds_total}, in seconds.
 *   <li>{@code system.cpu.count} ({@code system_cpu_count}) looks like the {@code _count} series of
 *       a histogram or summary; it is exported as {@code system_cpus}.
 * </ul>
 *
 * <p>Install as a filter before any binder is bound, then bind it to add {@code
 * process_cpu_seconds_total}.
 */
final class JvmMetricNames implements MeterFilter, MeterBinder {
  static final String CPU_TIME_NANOS = "process.cpu.time";
  static final String CPU_COUNT = "system.cpu.count";

  @Override
  public MeterFilterReply accept(Meter.Id id) {
    return CPU_TIME_NANOS.equals(id.getName()) ? MeterFilterReply.DENY : MeterFilterReply.NEUTRAL;
  }

  @Override
  public Meter.Id map(Meter.Id id) {
    return CPU_COUNT.equals(id.getName()) ? id.withName("system.cpus") : id;
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    // getProcessCpuTime is in the JDK's own extension of the bean (HotSpot and OpenJ9 both have
    // it);
    // it answers -1 where the platform cannot tell, and then there is no honest figure to export.
    if (ManagementFactory.getOperatingSystemMXBean()
            instanceof com.sun.management.OperatingSystemMXBean os
        && os.getProcessCpuTime() >= 0) {
      FunctionCounter.builder("process.cpu", os, b -> b.getProcessCpuTime() / 1e9)
          .baseUnit("seconds")
          .description("Total user and system CPU time spent by the collector's process")
          .register(registry);
    }
  }
}
