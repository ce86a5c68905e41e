package io.botasky.collector.ingest;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/** Ingest figures for {@code /metrics}. */
public final class IngestCounters {
  private final Counter eventsAccepted;
  private final Counter eventsDuplicate;
  private final Counter heartbeats;
  private final Counter samplesAccepted;
  private final Counter batchesDuplicate;
  private final MeterRegistry registry;

  public IngestCounters(MeterRegistry registry) {
    this.registry = registry;
    eventsAccepted = Counter.builder("botasky_ingest_events").tag("result", "accepted").register(registry);
    eventsDuplicate = Counter.builder("botasky_ingest_events").tag("result", "duplicate").register(registry);
    heartbeats = Counter.builder("botasky_ingest_heartbeats").register(registry);
    samplesAccepted = Counter.builder("botasky_ingest_samples").tag("result", "accepted").register(registry);
    batchesDuplicate = Counter.builder("botasky_ingest_metric_batches").tag("result", "duplicate").register(registry);
  }

  /** Time from taking a batch to its commit, per writer kind ("alerts", "samples"). */
  Timer commitTimer(String kind) {
    return Timer.builder("botasky_ingest_commit").tag("writer", kind).publishPercentiles(0.5, 0.99).register(registry);
  }

  /** Items (events, samples) per committed transaction. */
  DistributionSummary batchSize(String kind) {
    return DistributionSummary.builder("botasky_ingest_batch_items").tag("writer", kind).publishPercentiles(0.5, 0.99).register(registry);
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
