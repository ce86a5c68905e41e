package io.botasky.collector.ingest;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** Ingest figures for {@code /metrics}. */
public final class IngestCounters {
  private final Counter eventsAccepted;
  private final Counter eventsDuplicate;
  private final Counter heartbeats;
  private final Counter samplesAccepted;
  private final Counter batchesDuplicate;

  public IngestCounters(MeterRegistry registry) {
    eventsAccepted = Counter.builder("botasky_ingest_events").tag("result", "accepted").register(registry);
    eventsDuplicate = Counter.builder("botasky_ingest_events").tag("result", "duplicate").register(registry);
    heartbeats = Counter.builder("botasky_ingest_heartbeats").register(registry);
    samplesAccepted = Counter.builder("botasky_ingest_samples").tag("result", "accepted").register(registry);
    batchesDuplicate = Counter.builder("botasky_ingest_metric_batches").tag("result", "duplicate").register(registry);
  }

  void committed(int accepted, int duplicates, int beats) {
    eventsAccepted.increment(accepted);
    eventsDuplicate.increment(duplicates);
    heartbeats.increment(beats);
  }

  void samples(int accepted, int duplicateBatches) {
    samplesAccepted.increment(accepted);
    batchesDuplicate.increment(duplicateBatches);
  }
}
