package io.botasky.collector.ingest;

import io.botasky.collector.inventory.Inventory;
import io.botasky.collector.inventory.InventoryPlanner;
import io.botasky.collector.inventory.ServiceStateDecider;
import io.botasky.collector.store.AlertSql;
import io.botasky.collector.store.HostInventory;
import io.botasky.collector.store.HostSql;
import io.botasky.collector.store.InventorySql;
import io.botasky.collector.store.LeaseSql;
import io.botasky.collector.store.Service;
import io.botasky.collector.store.SqlScript;
import io.botasky.common.alert.AlertRow;
import io.botasky.common.db.Dialect;
import io.botasky.common.wire.HeartbeatAnswer;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
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
  private final Inventory inventory;

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
        clock,
        hostTimeout,
        startedAt,
        listener,
        beats,
        counters,
        new Inventory());
  }

  /** With the service inventory it keeps (shared with the API and the inventory ticker). */
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
      IngestCounters counters,
      Inventory inventory) {
    this(
        name,
        capacity,
        ds,
        dialect,
        health,
        new AlertPlanner(clock, () -> UUID.randomUUID().toString(), hostTimeout, startedAt),
        listener,
        beats,
        counters,
        inventory);
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
      IngestCounters counters,
      Inventory inventory) {
    super(name, "alerts", capacity, 2000, ds, health, counters);
    this.inventory = inventory;
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

  /**
   * A host a reload added to {@code hosts} (docs/operations.md, "Reload"), expected from {@code
   * now}: host_down once host_timeout passes without a heartbeat. A host already known keeps its
   * state; a batch writing the same host at this moment wins, as it holds a real heartbeat.
   */
  public void expect(String host, long now) {
    hosts.putIfAbsent(host, new HostState(now, false, Set.of()));
  }

  /** A read-only view of the hosts of this partition, for the split-brain rule. */
  public Map<String, HostState> hosts() {
    return Map.copyOf(hosts);
  }

  /**
   * No host was seen while the database was gone (their heartbeats got 503): silence counts from
   * now, so the outage itself raises no host_down (docs/collector.md, "Several collectors").
   */
  @Override
  protected void databaseBack() {
    planner.databaseBack();
  }

  public long hostTimeoutMs() {
    return planner.hostTimeoutMs();
  }

  /** {@code host_timeout} after a reload (docs/operations.md, "Reload"). */
  public void hostTimeout(Duration hostTimeout) {
    planner.hostTimeout(hostTimeout);
  }

  /** The service inventory a batch's heartbeats leave, and what they write for it. */
  private record InventoryWrites(
      Map<String, HostInventory> after,
      Map<HeartbeatWork, Boolean> applied,
      List<Service> writes,
      List<Service> removed,
      List<HostSql.HostRow> hostRows) {}

  /**
   * Plans the inventory of each heartbeat in order against the partition's copy (docs/api.md,
   * "Service inventory"); the host rows carry the hash and latest checks each host ends with.
   */
  private InventoryWrites inventoryOf(AlertPlanner.Intake in) {
    Map<String, HostInventory> after = new LinkedHashMap<>();
    Map<HeartbeatWork, Boolean> applied = new IdentityHashMap<>();
    List<Service> writes = new ArrayList<>();
    List<Service> removed = new ArrayList<>();
    for (HeartbeatWork hb : in.heartbeats()) {
      if (hb.inventory() == null) {
        continue;
      }
      String host = hb.row().host();
      HostInventory before = after.containsKey(host) ? after.get(host) : inventory.get(host);
      InventoryPlanner.Plan plan = InventoryPlanner.plan(host, hb.inventory(), before, in.now());
      applied.put(hb, plan.applied());
      if (plan.applied()) {
        after.put(host, plan.after());
        writes.addAll(plan.writes());
        removed.addAll(plan.removed());
      }
    }
    List<HostSql.HostRow> rows = new ArrayList<>(in.hostRows().size());
    for (HostSql.HostRow r : in.hostRows()) {
      HostInventory inv = after.get(r.host());
      rows.add(inv == null ? r : r.withInventory(inv.hash(), inv.checksCsv()));
    }
    // Two heartbeats of one host in a batch (rare: an agent sends one at a time): write what the
    // batch ends with, once per service; delete only what it ends without.
    Map<String, Service> last = new LinkedHashMap<>();
    Set<String> listed = new java.util.HashSet<>();
    after.forEach((host, inv) -> inv.services().forEach(sv -> listed.add(host + "\0" + sv.key())));
    writes.forEach(sv -> last.put(sv.host() + "\0" + sv.key(), sv));
    last.keySet().retainAll(listed);
    List<Service> gone =
        removed.stream().filter(sv -> !listed.contains(sv.host() + "\0" + sv.key())).toList();
    return new InventoryWrites(after, applied, List.copyOf(last.values()), gone, rows);
  }

  /**
   * Resolves of the open alerts owned by removed services (docs/api.md, "Service inventory"),
   * unless a service still listed owns them too.
   */
  private List<AlertPlanner.Pending> resolvesOfRemoved(Connection c, InventoryWrites inv, long now)
      throws SQLException {
    if (inv.removed().isEmpty()) {
      return List.of();
    }
    Set<String> removedHosts = new java.util.TreeSet<>();
    inv.removed().forEach(s -> removedHosts.add(s.host()));
    List<AlertPlanner.Pending> out = new ArrayList<>();
    for (AlertRow a : AlertSql.openOfHosts(c, removedHosts)) {
      boolean ownedByRemoved =
          inv.removed().stream()
              .anyMatch(
                  s ->
                      ServiceStateDecider.owns(s, a.host(), a.resource(), a.instance(), a.check()));
      boolean ownedByListed =
          inv.after().getOrDefault(a.host(), HostInventory.EMPTY).services().stream()
              .anyMatch(
                  s ->
                      ServiceStateDecider.owns(s, a.host(), a.resource(), a.instance(), a.check()));
      if (ownedByRemoved && !ownedByListed) {
        out.add(new AlertPlanner.Pending(planner.serviceRemoved(a, now), null));
      }
    }
    return out;
  }

  /**
   * The batch with each host check's fence checked against the lease row (locked until commit, so
   * no collector takes the watch over before this batch's host_down is stored), and the host states
   * the checks read from the database (docs/collector.md, "Several collectors").
   */
  private record Checked(List<AlertWork> batch, Map<String, HostState> states) {}

  private Checked checkHosts(Connection c, List<AlertWork> batch) throws SQLException {
    List<AlertWork> out = null;
    Map<String, HostState> states = Map.of();
    for (int i = 0; i < batch.size(); i++) {
      if (!(batch.get(i) instanceof HostCheckWork check)) {
        continue;
      }
      if (out == null) {
        out = new ArrayList<>(batch);
        Set<String> down = new java.util.HashSet<>();
        AlertSql.open(c, "host", "host_down").forEach(a -> down.add(a.host()));
        states = HostWatch.fromDatabase(hosts, HostSql.seen(c), down, check.ownsHost());
      }
      WatchLease.Fence f = check.fence();
      if (f != null && !LeaseSql.holds(c, WatchLease.NAME, f.holder(), f.term())) {
        out.set(i, check.readOnly());
      }
    }
    return out == null ? new Checked(batch, Map.of()) : new Checked(out, states);
  }

  /**
   * Locks the rows of the hosts the watch is about to call down and reads their last heartbeat
   * again: one another collector committed since the states were read moves {@code before} (and the
   * batch is planned again); a heartbeat arriving now waits for this commit, then ends the
   * host_down. So a host_down and a heartbeat are ordered by the database, never crossed.
   */
  private static boolean lastSeenMoved(
      Connection c, AlertPlanner.Intake in, Map<String, HostState> before) throws SQLException {
    Set<String> downs = new java.util.TreeSet<>();
    for (AlertPlanner.Pending p : in.events()) {
      if (p.owner() == null
          && "host_down".equals(p.event().check())
          && p.event().state() == io.botasky.common.wire.AlertState.FIRING) {
        downs.add(p.event().host());
      }
    }
    if (downs.isEmpty()) {
      return false;
    }
    boolean moved = false;
    for (Map.Entry<String, Long> e : HostSql.lockLastSeen(c, downs).entrySet()) {
      HostState st = before.get(e.getKey());
      if (st != null && e.getValue() > st.lastSeen()) {
        before.put(e.getKey(), new HostState(e.getValue(), st.down(), st.vipsHeld()));
        moved = true;
      }
    }
    return moved;
  }

  @Override
  protected AfterCommit apply(Connection c, List<AlertWork> batch, boolean careful)
      throws SQLException {
    Checked checked = checkHosts(c, batch);
    Map<String, HostState> before = hosts;
    if (!checked.states().isEmpty()) {
      before = new java.util.HashMap<>(hosts);
      before.putAll(checked.states());
    }
    AlertPlanner.Intake first = planner.intake(checked.batch(), before);
    AlertPlanner.Intake in =
        !checked.states().isEmpty() && lastSeenMoved(c, first, before)
            ? planner.intake(checked.batch(), before)
            : first;
    InventoryWrites inv = inventoryOf(in);
    List<AlertPlanner.Pending> events = new ArrayList<>(in.events());
    events.addAll(resolvesOfRemoved(c, inv, in.now()));
    Set<String> stored =
        careful
            ? AlertSql.existingEventIds(c, events.stream().map(p -> p.event().eventId()).toList())
            : Set.of();
    AlertPlanner.Fresh fresh = AlertPlanner.dedup(batch, events, stored);
    Map<String, AlertRow> open = AlertSql.openForUpdate(c, fresh.openKeys());
    AlertPlanner.Writes writes = AlertPlanner.transitions(fresh.events(), open, in.now());

    // Existing rows first: a resolve frees its open_key before a new alert of the same fingerprint
    // takes it. Each is written over the row as read and locked above: only what changed.
    SqlScript script = new SqlScript(dialect);
    Map<Long, AlertRow> locked = new java.util.HashMap<>();
    open.values().forEach(r -> locked.put(r.id(), r));
    AlertSql.appendUpdates(script, writes.updates(), locked);
    Map<Long, Long> realIds = Map.of();
    if (!writes.inserts().isEmpty()) {
      realIds = AlertSql.insertNew(c, script, writes.inserts());
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
    HostSql.appendUpsert(script, inv.hostRows());
    InventorySql.appendDeletes(script, inv.removed());
    InventorySql.appendWrites(script, inv.writes());
    boolean committed = script.commitAtEnd();
    script.run(c);

    AfterCommit after =
        () -> {
          hosts.putAll(checked.states());
          hosts.putAll(in.hostsAfter());
          inv.after().forEach(inventory::put);
          fresh.answers().forEach((w, answer) -> w.done().complete(answer));
          in.heartbeats()
              .forEach(
                  h ->
                      h.done()
                          .complete(
                              new HeartbeatAnswer(
                                  true,
                                  inventory.get(h.row().host()).hash(),
                                  !inv.applied().getOrDefault(h, true))));
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
