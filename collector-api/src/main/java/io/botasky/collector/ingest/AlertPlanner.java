package io.botasky.collector.ingest;

import io.botasky.collector.store.AlertSql;
import io.botasky.collector.store.HostSql;
import io.botasky.common.alert.AlertRow;
import io.botasky.common.alert.AlertTransitions;
import io.botasky.common.alert.ValidEvent;
import io.botasky.common.wire.AlertState;
import io.botasky.common.wire.EventsResponse;
import io.botasky.common.wire.Severity;
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
import java.util.function.Supplier;

/**
 * Plans what a batch of an {@link AlertPartition} writes, without a database: the host watch
 * (heartbeats end a host_down, a tick raises one for each silent host), duplicates, and the alert
 * transitions. The clock and the ids of the events it invents are given, so a test fixes both;
 * {@link AlertPartition} reads and writes the rows around it.
 */
public final class AlertPlanner {
  /** The summary of the resolve of a removed service's alert. */
  public static final String SERVICE_REMOVED = "service removed from the agent's configuration";

  private final Clock clock;
  private final Supplier<String> eventIds;
  // Set again by a reload (docs/operations.md, "Reload"); read on the partition's thread.
  private volatile long hostTimeoutMs;
  // Silence counts from here at the latest: the collector's start, or the end of a database outage
  // (while the collector could store no heartbeat it could see no host; docs/collector.md).
  private volatile long watchedFrom;

  /**
   * An event to store; {@code owner} is the request it came in, null for one the collector raised.
   */
  public record Pending(ValidEvent event, EventsWork owner) {}

  /**
   * What a batch brings, at {@code now}: its events (the collector's host_down/host_up among them),
   * its heartbeats and their host rows, and the host states the batch leaves once committed.
   */
  public record Intake(
      long now,
      List<Pending> events,
      List<HeartbeatWork> heartbeats,
      List<HostSql.HostRow> hostRows,
      Map<String, HostState> hostsAfter) {
    public List<String> eventIds() {
      return events.stream().map(p -> p.event().eventId()).toList();
    }
  }

  /**
   * The events not stored yet, in order; what each request is answered; how many were duplicates.
   */
  public record Fresh(
      List<Pending> events, Map<EventsWork, EventsResponse> answers, int duplicates) {
    public Set<String> openKeys() {
      Set<String> keys = new LinkedHashSet<>();
      events.forEach(p -> keys.add(p.event().openKey()));
      return keys;
    }
  }

  /**
   * The alert rows to write, in order (an alert new in this batch has a provisional negative id),
   * and one event row per fresh event, naming the alert it changed (or null).
   */
  public record Writes(List<AlertRow> changed, List<AlertSql.EventRow> events) {
    public List<AlertRow> updates() {
      return changed.stream().filter(r -> r.id() > 0).toList();
    }

    public List<AlertRow> inserts() {
      return changed.stream().filter(r -> r.id() < 0).toList();
    }
  }

  public AlertPlanner(
      Clock clock, Supplier<String> eventIds, Duration hostTimeout, long startedAt) {
    this.clock = clock;
    this.eventIds = eventIds;
    this.hostTimeoutMs = hostTimeout.toMillis();
    this.watchedFrom = startedAt;
  }

  public long hostTimeoutMs() {
    return hostTimeoutMs;
  }

  /**
   * The database is back after an outage: heartbeats could not be stored during it, so silence is
   * counted from now at the latest, as after the collector's own start.
   */
  public void databaseBack() {
    watchedFrom = Math.max(watchedFrom, clock.millis());
  }

  /** {@code host_timeout} after a reload: the next host check uses it. */
  public void hostTimeout(Duration hostTimeout) {
    this.hostTimeoutMs = hostTimeout.toMillis();
  }

  /** Reads the batch in order against {@code hosts}, the partition's host states before it. */
  public Intake intake(List<AlertWork> batch, Map<String, HostState> hosts) {
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
        hostRows.add(hb.row().withVips(hb.vipsHeld()));
        overlay.put(host, new HostState(hb.row().lastSeen(), false, hb.vipsHeld()));
      } else if (w instanceof HostCheckWork check && check.fence() != null) {
        // Only the holder of the watch lease raises and ends host_down (docs/collector.md,
        // "Several collectors"); a standby's tick only reads the states.
        Map<String, HostState> view = new HashMap<>(hosts);
        view.putAll(overlay);
        view.keySet().removeIf(h -> !check.ownsHost().test(h));
        for (String host : HostWatch.newlySilent(view, now, hostTimeoutMs, watchedFrom)) {
          HostState st = view.get(host);
          events.add(new Pending(hostDown(host, now, Math.max(st.lastSeen(), watchedFrom)), null));
          overlay.put(host, new HostState(st.lastSeen(), true, st.vipsHeld()));
        }
        for (String host : HostWatch.back(view, now, hostTimeoutMs)) {
          HostState st = view.get(host);
          events.add(new Pending(hostBack(host, now), null));
          overlay.put(host, new HostState(st.lastSeen(), false, st.vipsHeld()));
        }
      }
    }
    return new Intake(now, events, heartbeats, hostRows, overlay);
  }

  /**
   * Drops events already {@code stored} and repeats within the batch. Every request of the batch
   * gets an answer, {@code 0/0} if it carried no event.
   */
  public static Fresh dedup(List<AlertWork> batch, List<Pending> events, Set<String> stored) {
    Set<String> seen = new HashSet<>(stored);
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
    Map<EventsWork, EventsResponse> answers = new IdentityHashMap<>();
    counts.forEach((w, n) -> answers.put(w, new EventsResponse(n[0], n[1])));
    for (AlertWork w : batch) {
      if (w instanceof EventsWork ew && !answers.containsKey(ew)) {
        answers.put(ew, new EventsResponse(0, 0));
      }
    }
    return new Fresh(fresh, answers, events.size() - fresh.size());
  }

  /**
   * All transitions in memory, in order, against the alerts {@code open} before the batch (by open
   * key). Alerts new in this batch get provisional negative ids, so the writer takes a fixed number
   * of round trips however many alerts open.
   */
  public static Writes transitions(List<Pending> fresh, Map<String, AlertRow> open, long now) {
    Map<String, AlertRow> current = new HashMap<>(open);
    Map<Long, AlertRow> changedRows = new LinkedHashMap<>();
    long provisional = 0;
    List<AlertSql.EventRow> rows = new ArrayList<>(fresh.size());
    for (Pending p : fresh) {
      ValidEvent e = p.event();
      String key = e.openKey(); // a SHA-256 each time: once per event
      AlertTransitions.Transition t = AlertTransitions.apply(current.get(key), e, now);
      AlertRow row = t.row();
      if (t.reason() == AlertTransitions.Reason.OPENED) {
        row = row.withId(--provisional);
      }
      if (row == null) {
        rows.add(new AlertSql.EventRow(e, null));
        continue;
      }
      if (row.openKey() == null) {
        current.remove(key);
      } else {
        current.put(key, row);
      }
      changedRows.put(row.id(), row);
      rows.add(new AlertSql.EventRow(e, row.id()));
    }
    return new Writes(List.copyOf(changedRows.values()), rows);
  }

  /**
   * Resolves {@code open}, an alert of a service its agent no longer lists (docs/api.md, "Service
   * inventory"), through the same transitions as any resolve, so the notifier sends RESOLVED.
   */
  public ValidEvent serviceRemoved(AlertRow open, long now) {
    return new ValidEvent(
        eventIds.get(),
        open.host(),
        open.resource(),
        open.instance(),
        open.check(),
        AlertState.RESOLVED,
        open.severity(),
        null,
        null,
        SERVICE_REMOVED,
        null,
        now);
  }

  private ValidEvent hostDown(String host, long now, long since) {
    long silent = (now - since) / 1000;
    return new ValidEvent(
        eventIds.get(),
        host,
        "host",
        host,
        "host_down",
        AlertState.FIRING,
        Severity.CRITICAL,
        (double) silent,
        (double) (hostTimeoutMs / 1000),
        "no heartbeat from "
            + host
            + " for "
            + silent
            + " s (host_timeout "
            + hostTimeoutMs / 1000
            + " s)",
        null,
        now);
  }

  /** The end of a host_down seen by the watch: the heartbeat reached another collector. */
  private ValidEvent hostBack(String host, long now) {
    return new ValidEvent(
        eventIds.get(),
        host,
        "host",
        host,
        "host_down",
        AlertState.RESOLVED,
        Severity.CRITICAL,
        null,
        (double) (hostTimeoutMs / 1000),
        "heartbeat from " + host + " again",
        null,
        now);
  }

  private ValidEvent hostUp(String host, long now, long lastSeen) {
    return new ValidEvent(
        eventIds.get(),
        host,
        "host",
        host,
        "host_down",
        AlertState.RESOLVED,
        Severity.CRITICAL,
        null,
        (double) (hostTimeoutMs / 1000),
        "heartbeat from " + host + " again after " + (now - lastSeen) / 1000 + " s",
        null,
        now);
  }
}
