package io.botasky.collector.ingest;

import io.botasky.collector.inventory.InventoryUpdate;
import io.botasky.collector.store.HostSql;
import io.botasky.common.alert.ValidEvent;
import io.botasky.common.wire.EventsResponse;
import io.botasky.common.wire.HeartbeatAnswer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The write side handlers talk to: routes work to the partition of its host (alerts, heartbeats) or
 * to a sample writer. A full queue throws {@link IngestFailure.Busy}, a database outage {@link
 * IngestFailure.Unavailable}; the API answers them 429 and 503.
 */
public final class Ingest {
  private final List<AlertPartition> alertPartitions;
  private final List<SamplePartition> samplePartitions;
  private final DatabaseHealth health;

  public Ingest(
      List<AlertPartition> alertPartitions,
      List<SamplePartition> samplePartitions,
      DatabaseHealth health) {
    this.alertPartitions = List.copyOf(alertPartitions);
    this.samplePartitions = List.copyOf(samplePartitions);
    this.health = health;
  }

  public AlertPartition partitionOf(String host) {
    return alertPartitions.get(Math.floorMod(host.hashCode(), alertPartitions.size()));
  }

  public List<AlertPartition> alertPartitions() {
    return alertPartitions;
  }

  public CompletableFuture<EventsResponse> events(String host, List<ValidEvent> events) {
    requireReady();
    EventsWork w = new EventsWork(host, events, new CompletableFuture<>());
    offer(partitionOf(host), w);
    return w.done();
  }

  /**
   * A heartbeat with its inventory ({@code inventory} null when it carries none); answered with the
   * inventory hash the collector then holds.
   */
  public CompletableFuture<HeartbeatAnswer> heartbeat(
      HostSql.HostRow row, Set<String> vipsHeld, InventoryUpdate inventory) {
    requireReady();
    HeartbeatWork w = new HeartbeatWork(row, vipsHeld, inventory, new CompletableFuture<>());
    offer(partitionOf(row.host()), w);
    return w.done();
  }

  public CompletableFuture<EventsResponse> samples(SamplesWork w) {
    requireReady();
    offer(samplePartitions.get(Math.floorMod(w.batchId().hashCode(), samplePartitions.size())), w);
    return w.done();
  }

  /** Every host known to any partition, with its state. */
  public Map<String, HostState> hosts() {
    Map<String, HostState> all = new java.util.HashMap<>();
    alertPartitions.forEach(p -> all.putAll(p.hosts()));
    return all;
  }

  /** Queue depths, for /metrics. */
  public List<Integer> depths() {
    List<Integer> d = new ArrayList<>();
    alertPartitions.forEach(p -> d.add(p.depth()));
    samplePartitions.forEach(p -> d.add(p.depth()));
    return d;
  }

  private void requireReady() {
    if (!health.ready()) {
      // Never the driver's text (it names hosts, users, sometimes SQL): that is in the log.
      throw IngestFailure.databaseUnavailable();
    }
  }

  private static <W extends BatchWriter.Work> void offer(BatchWriter<W> writer, W work) {
    if (!writer.offer(work)) {
      throw new IngestFailure.Busy("too many requests queued, retry shortly", 1);
    }
  }
}
