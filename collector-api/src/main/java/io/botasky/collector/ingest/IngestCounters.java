package io.botasky.collector.ingest;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/** Ingest figures for {@code /metrics}. */
public final class IngestCounters {
  private static final String EVENTS =
      "Alert events committed (accepted), or already stored under their event_id (duplicate)";
  private final Counter eventsAccepted;
  private final Counter eventsDuplicate;
  private final Counter heartbeats;
  private final Counter samplesAccepted;
  private final Counter batchesDuplicate;
  private final MeterRegistry registry;

  public IngestCounters(MeterRegistry registry) {
    this.registry = registry;
    eventsAccepted =
        Counter.builder("botasky_ingest_events")
            .description(EVENTS)
            .tag("result", "accepted")
            .register(registry);
    eventsDuplicate =
        Counter.builder("botasky_ingest_events")
            .description(EVENTS)
            .tag("result", "duplicate")
            .register(registry);
    heartbeats =
        Counter.builder("botasky_ingest_heartbeats")
            .description("Agent heartbeats committed")
            .register(registry);
    samplesAccepted =
        Counter.builder("botasky_ingest_samples")
            .description("Metric samples committed")
            .tag("result", "accepted")
            .register(registry);
    batchesDuplicate =
        Counter.builder("botasky_ingest_metric_batches")
            .description("Metric batches not stored again: their batch_id was already received")
            .tag("result", "duplicate")
            .register(registry);
  }

  /** Time to write and commit one transaction, per writer kind ("alerts", "samples"). */
  Timer commitTimer(String kind) {
    return Timer.builder("botasky_ingest_commit")
        .description("Time to write and commit one ingest transaction")
        .tag("writer", kind)
        .publishPercentiles(0.5, 0.99)
        .register(registry);
  }

  /** Items (events, samples) per committed transaction. */
  DistributionSummary batchSize(String kind) {
    return DistributionSummary.builder("botasky_ingest_batch_items")
        .description("Items (events, samples) per committed transaction")
        .tag("writer", kind)
        .publishPercentiles(0.5, 0.99)
        .register(registry);
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
