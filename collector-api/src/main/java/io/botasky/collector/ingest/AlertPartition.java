package io.botasky.collector.ingest;

import io.botasky.common.alert.AlertTransitions;

import io.botasky.common.alert.ValidEvent;

import io.botasky.common.alert.AlertRow;

import io.botasky.collector.store.AlertSql;
import io.botasky.collector.store.HostSql;
import io.botasky.collector.store.SqlScript;
import io.botasky.common.db.Dialect;
import io.botasky.common.wire.AlertState;
import io.botasky.common.wire.EventsResponse;
import io.botasky.common.wire.Severity;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;

/**
 * Writes the alerts, events and heartbeats of the hosts hashed to it. All host state of those hosts
 * changes on this one thread, in commit order, so a heartbeat and a host_down can never cross.
 */
public final class AlertPartition extends BatchWriter<AlertWork> {
  private final Clock clock;
  private final long hostTimeoutMs;
  private final long startedAt;
  private final AlertListener listener;
  private final Dialect dialect;
  private final HeartbeatListener beats;
  private final IngestCounters counters;
  private final Map<String, HostState> hosts = new ConcurrentHashMap<>();

  private record Pending(ValidEvent event, EventsWork owner) {}

  public AlertPartition(
      String name, int capacity, DataSource ds, Dialect dialect, DatabaseHealth health, Clock clock, Duration hostTimeout,
      long startedAt, AlertListener listener, HeartbeatListener beats, IngestCounters counters) {
    super(name, "alerts", capacity, 2000, ds, health, counters);
    this.clock = clock;
    this.hostTimeoutMs = hostTimeout.toMillis();
    this.startedAt = startedAt;
    this.listener = listener;
    this.dialect = dialect;
    this.beats = beats;
    this.counters = counters;
  }

  /** Seeds a host known at start (from the database or the {@code hosts} setting). Before {@link #start()} only. */
  public void seed(String host, HostState state) {
    hosts.merge(host, state, (a, b) -> a.lastSeen() >= b.lastSeen() ? new HostState(a.lastSeen(), a.down() || b.down(), a.vipsHeld()) : new HostState(b.lastSeen(), a.down() || b.down(), b.vipsHeld()));
  }

  /** A read-only view of the hosts of this partition, for the split-brain rule. */
  public Map<String, HostState> hosts() {
    return Map.copyOf(hosts);
  }

  public long hostTimeoutMs() {
    return hostTimeoutMs;
  }

  @Override
  protected AfterCommit apply(Connection c, List<AlertWork> batch, boolean careful) throws SQLException {
    long now = clock.millis();
    Map<String, HostState> overlay = new HashMap<>();
    List<HostSql.HostRow> hostRows = new ArrayList<>();
    List<Pending> events = new ArrayList<>();
    List<HeartbeatWork> heartbeats = new ArrayList<>();
    for (AlertWork w : batch) {
      if (w instanceof EventsWork ew) {
        ew.events().forEach(e -> events.add(new Pending(e, ew)));
      } else if (w instanceof HeartbeatWork hb) {
        heartbeats.add(hb);
        String host = hb.row().host();
        HostState cur = overlay.getOrDefault(host, hosts.get(host));
        if (cur != null && cur.down()) {
          events.add(new Pending(hostUp(host, now, cur.lastSeen()), null));
        }
        hostRows.add(hb.row());
        overlay.put(host, new HostState(hb.row().lastSeen(), false, hb.vipsHeld()));
      } else {
        Map<String, HostState> view = new HashMap<>(hosts);
        view.putAll(overlay);
        for (String host : HostWatch.newlySilent(view, now, hostTimeoutMs, startedAt)) {
          HostState st = view.get(host);
          events.add(new Pending(hostDown(host, now, Math.max(st.lastSeen(), startedAt)), null));
          overlay.put(host, new HostState(st.lastSeen(), true, st.vipsHeld()));
        }
      }
    }

    Set<String> seen = careful
        ? new HashSet<>(AlertSql.existingEventIds(c, events.stream().map(p -> p.event().eventId()).toList()))
        : new HashSet<>();
    Map<EventsWork, int[]> counts = new IdentityHashMap<>();
    List<Pending> fresh = new ArrayList<>();
    for (Pending p : events) {
      int[] n = p.owner() == null ? new int[2] : counts.computeIfAbsent(p.owner(), k -> new int[2]);
      if (seen.add(p.event().eventId())) {
        fresh.add(p);
        n[0]++;
      } else {
        n[1]++;
      }
    }

    Map<String, AlertRow> open = AlertSql.openForUpdate(c, fresh.stream().map(p -> p.event().openKey())
        .collect(java.util.stream.Collectors.toCollection(LinkedHashSet::new)));
    // All transitions in memory first; alerts new in this batch get provisional negative ids, so
    // the writes below take a fixed number of round trips however many alerts open.
    Map<Long, AlertRow> changedRows = new LinkedHashMap<>();
    long provisional = 0;
    List<AlertSql.EventRow> rows = new ArrayList<>(fresh.size());
    for (Pending p : fresh) {
      ValidEvent e = p.event();
      AlertTransitions.Transition t = AlertTransitions.apply(open.get(e.openKey()), e, now);
      AlertRow row = t.row();
      if (t.reason() == AlertTransitions.Reason.OPENED) {
        row = row.withId(--provisional);
      }
      if (row == null) {
        rows.add(new AlertSql.EventRow(e, null));
        continue;
      }
      if (row.openKey() == null) {
        open.remove(e.openKey());
      } else {
        open.put(e.openKey(), row);
      }
      changedRows.put(row.id(), row);
      rows.add(new AlertSql.EventRow(e, row.id()));
    }
    // Existing rows first: a resolve frees its open_key before a new alert of the same fingerprint takes it.
    SqlScript script = new SqlScript(dialect);
    AlertSql.appendUpdates(script, changedRows.values().stream().filter(r -> r.id() > 0).toList());
    List<AlertRow> newRows = changedRows.values().stream().filter(r -> r.id() < 0).toList();
    Map<Long, Long> realIds = Map.of();
    if (!newRows.isEmpty()) {
      script.run(c);
      realIds = AlertSql.insertNew(c, newRows);
    }
    Set<Long> changed = new LinkedHashSet<>();
    for (int i = 0; i < rows.size(); i++) {
      AlertSql.EventRow er = rows.get(i);
      if (er.alertId() != null && er.alertId() < 0) {
        er = new AlertSql.EventRow(er.event(), realIds.get(er.alertId()));
        rows.set(i, er);
      }
      if (er.alertId() != null) {
        changed.add(er.alertId());
      }
    }
    AlertSql.appendEvents(script, rows, now);
    HostSql.appendUpsert(script, hostRows);
    boolean committed = script.commitAtEnd();
    script.run(c);

    AfterCommit after = () -> {
      hosts.putAll(overlay);
      counts.forEach((w, n) -> w.done().complete(new EventsResponse(n[0], n[1])));
      for (AlertWork w : batch) {
        if (w instanceof EventsWork ew && !counts.containsKey(ew)) {
          ew.done().complete(new EventsResponse(0, 0));
        }
      }
      heartbeats.forEach(h -> h.done().complete(null));
      if (!heartbeats.isEmpty()) {
        beats.beat(heartbeats.stream().map(h -> h.row().host()).collect(java.util.stream.Collectors.toSet()));
      }
      counters.committed(fresh.size(), events.size() - fresh.size(), heartbeats.size());
      if (!changed.isEmpty()) {
        listener.changed(changed);
      }
    };
    return committed ? after.alreadyCommitted() : after;
  }

  private ValidEvent hostDown(String host, long now, long since) {
    long silent = (now - since) / 1000;
    return new ValidEvent(
        UUID.randomUUID().toString(), host, "host", host, "host_down", AlertState.FIRING, Severity.CRITICAL,
        (double) silent, (double) (hostTimeoutMs / 1000),
        "no heartbeat from " + host + " for " + silent + " s (host_timeout " + hostTimeoutMs / 1000 + " s)", null, now);
  }

  private ValidEvent hostUp(String host, long now, long lastSeen) {
    return new ValidEvent(
        UUID.randomUUID().toString(), host, "host", host, "host_down", AlertState.RESOLVED, Severity.CRITICAL, null,
        (double) (hostTimeoutMs / 1000), "heartbeat from " + host + " again after " + (now - lastSeen) / 1000 + " s",
        null, now);
  }
}
