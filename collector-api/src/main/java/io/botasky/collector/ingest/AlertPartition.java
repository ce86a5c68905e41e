package io.botasky.collector.ingest;

import io.botasky.collector.store.AlertSql;
import io.botasky.collector.store.HostSql;
import io.botasky.collector.store.SqlScript;
import io.botasky.common.db.Dialect;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import javax.sql.DataSource;

/**
 * Writes the alerts, events and heartbeats of the hosts hashed to it: {@link AlertPlanner} decides
 * what a batch writes, this writer reads and writes the rows around it. All host state of those
 * hosts changes on this one thread, in commit order, so a heartbeat and a host_down can never
 * cross.
 */
public final class AlertPartition extends BatchWriter<AlertWork> {
  private final AlertPlanner planner;
  private final AlertListener listener;
  private final Dialect dialect;
  private final HeartbeatListener beats;
  private final IngestCounters counters;
  private final Map<String, HostState> hosts = new ConcurrentHashMap<>();

  public AlertPartition(
      String name,
      int capacity,
      DataSource ds,
      Dialect dialect,
      DatabaseHealth health,
      Clock clock,
      Duration hostTimeout,
      long startedAt,
      AlertListener listener,
      HeartbeatListener beats,
      IngestCounters counters) {
    this(
        name,
        capacity,
        ds,
        dialect,
        health,
        new AlertPlanner(clock, () -> UUID.randomUUID().toString(), hostTimeout, startedAt),
        listener,
        beats,
        counters);
  }

  /** With the planner given (its clock and the ids of the host events it raises). */
  public AlertPartition(
      String name,
      int capacity,
      DataSource ds,
      Dialect dialect,
      DatabaseHealth health,
      AlertPlanner planner,
      AlertListener listener,
      HeartbeatListener beats,
      IngestCounters counters) {
    super(name, "alerts", capacity, 2000, ds, health, counters);
    this.planner = planner;
    this.listener = listener;
    this.dialect = dialect;
    this.beats = beats;
    this.counters = counters;
  }

  /**
   * Seeds a host known at start (from the database or the {@code hosts} setting). Before {@link
   * #start()} only.
   */
  public void seed(String host, HostState state) {
    hosts.merge(
        host,
        state,
        (a, b) ->
            a.lastSeen() >= b.lastSeen()
                ? new HostState(a.lastSeen(), a.down() || b.down(), a.vipsHeld())
                : new HostState(b.lastSeen(), a.down() || b.down(), b.vipsHeld()));
  }

  /** A read-only view of the hosts of this partition, for the split-brain rule. */
  public Map<String, HostState> hosts() {
    return Map.copyOf(hosts);
  }

  public long hostTimeoutMs() {
    return planner.hostTimeoutMs();
  }

  @Override
  protected AfterCommit apply(Connection c, List<AlertWork> batch, boolean careful)
      throws SQLException {
    AlertPlanner.Intake in = planner.intake(batch, hosts);
    Set<String> stored = careful ? AlertSql.existingEventIds(c, in.eventIds()) : Set.of();
    AlertPlanner.Fresh fresh = AlertPlanner.dedup(batch, in.events(), stored);
    AlertPlanner.Writes writes =
        AlertPlanner.transitions(
            fresh.events(), AlertSql.openForUpdate(c, fresh.openKeys()), in.now());

    // Existing rows first: a resolve frees its open_key before a new alert of the same fingerprint
    // takes it.
    SqlScript script = new SqlScript(dialect);
    AlertSql.appendUpdates(script, writes.updates());
    Map<Long, Long> realIds = Map.of();
    if (!writes.inserts().isEmpty()) {
      script.run(c);
      realIds = AlertSql.insertNew(c, writes.inserts());
    }
    List<AlertSql.EventRow> rows = new ArrayList<>(writes.events().size());
    Set<Long> changed = new LinkedHashSet<>();
    for (AlertSql.EventRow er : writes.events()) {
      if (er.alertId() != null && er.alertId() < 0) {
        er = new AlertSql.EventRow(er.event(), realIds.get(er.alertId()));
      }
      rows.add(er);
      if (er.alertId() != null) {
        changed.add(er.alertId());
      }
    }
    AlertSql.appendEvents(script, rows, in.now());
    HostSql.appendUpsert(script, in.hostRows());
    boolean committed = script.commitAtEnd();
    script.run(c);

    AfterCommit after =
        () -> {
          hosts.putAll(in.hostsAfter());
          fresh.answers().forEach((w, answer) -> w.done().complete(answer));
          in.heartbeats().forEach(h -> h.done().complete(null));
          if (!in.heartbeats().isEmpty()) {
            beats.beat(
                in.heartbeats().stream().map(h -> h.row().host()).collect(Collectors.toSet()));
          }
          counters.committed(fresh.events().size(), fresh.duplicates(), in.heartbeats().size());
          if (!changed.isEmpty()) {
            listener.changed(changed);
          }
        };
    return committed ? after.alreadyCommitted() : after;
  }
}
