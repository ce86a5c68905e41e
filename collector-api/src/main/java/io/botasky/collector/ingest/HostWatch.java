package io.botasky.collector.ingest;

import io.botasky.collector.store.HostSql;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/** Which hosts just went silent or came back: pure functions of their states and the time. */
public final class HostWatch {
  private HostWatch() {}

  /**
   * Hosts not yet down whose last heartbeat is older than {@code timeoutMs}. Silence is counted
   * from {@code startedAt} at the latest, so a collector that was itself down for an hour does not
   * call every host dead the moment it starts.
   */
  public static List<String> newlySilent(
      Map<String, HostState> hosts, long now, long timeoutMs, long startedAt) {
    List<String> out = new ArrayList<>();
    hosts.forEach(
        (host, st) -> {
          if (!st.down() && now - Math.max(st.lastSeen(), startedAt) > timeoutMs) {
            out.add(host);
          }
        });
    out.sort(null);
    return out;
  }

  /**
   * Hosts down whose last heartbeat is within {@code timeoutMs}: a heartbeat came after their
   * host_down was raised (they were silent past the timeout then), through this collector or
   * another one sharing the database.
   */
  public static List<String> back(Map<String, HostState> hosts, long now, long timeoutMs) {
    List<String> out = new ArrayList<>();
    hosts.forEach(
        (host, st) -> {
          if (st.down() && now - st.lastSeen() <= timeoutMs) {
            out.add(host);
          }
        });
    out.sort(null);
    return out;
  }

  /**
   * The states of a partition's hosts as the database has them (docs/collector.md, "Several
   * collectors"): every row's latest heartbeat (or the one this collector holds, if later) and
   * VIPs, and down exactly when an open host_down says so — also for an expected host that never
   * reported and has no row. Hosts known only here keep their state but for down.
   *
   * @param memory the partition's states before
   * @param rows what {@link HostSql#seen} read
   * @param down hosts with an open host_down alert
   * @param owns the hosts of the partition
   */
  public static Map<String, HostState> fromDatabase(
      Map<String, HostState> memory,
      Collection<HostSql.Seen> rows,
      Set<String> down,
      Predicate<String> owns) {
    Map<String, HostState> out = new HashMap<>();
    for (HostSql.Seen r : rows) {
      if (!owns.test(r.host())) {
        continue;
      }
      HostState mine = memory.get(r.host());
      boolean newer = mine == null || r.lastSeen() >= mine.lastSeen();
      out.put(
          r.host(),
          new HostState(
              newer ? r.lastSeen() : mine.lastSeen(),
              down.contains(r.host()),
              newer ? r.vipsHeld() : mine.vipsHeld()));
    }
    memory.forEach(
        (host, st) -> {
          if (!out.containsKey(host) && owns.test(host)) {
            out.put(host, new HostState(st.lastSeen(), down.contains(host), st.vipsHeld()));
          }
        });
    for (String host : down) {
      if (!out.containsKey(host) && owns.test(host)) {
        out.put(host, new HostState(0, true, Set.of()));
      }
    }
    return out;
  }
}
