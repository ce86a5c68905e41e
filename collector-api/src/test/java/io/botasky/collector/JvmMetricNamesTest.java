package io.botasky.collector;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

class JvmMetricNamesTest {
  @Test
  void processorMetricsComeOutUnderPrometheusNames() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    JvmMetricNames names = new JvmMetricNames();
    registry.config().meterFilter(names);
    names.bindTo(registry);
    new ProcessorMetrics().bindTo(registry);

    String text = registry.scrape();

    assertThat(text)
        .as("/metrics text")
        .doesNotContain("process_cpu_time_ns", "system_cpu_count")
        .contains(
            "# TYPE process_cpu_seconds_total counter",
            "# TYPE system_cpus gauge",
            "system_cpus " + (double) Runtime.getRuntime().availableProcessors(),
            "system_cpu_usage",
            "process_cpu_usage");
    double seconds = registry.get("process.cpu").functionCounter().count();
    assertThat(seconds)
        .as("CPU seconds so far: some, and not nanoseconds")
        .isPositive()
        .isLessThan(100_000);
  }
}
