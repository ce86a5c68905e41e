package io.botasky.collector.ingest;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The cross-host keepalived rule: a VIP that two live hosts both say they hold is a split brain.
 * Pure: given who holds what and which VIPs are already in split brain, it says what starts and
 * what ends.
 */
public final class SplitBrainDetector {
  /** VIPs entering split brain (with their holders) and VIPs leaving it. */
  public record Changes(SortedMap<String, List<String>> started, SortedSet<String> ended) {
    public boolean isEmpty() {
      return started.isEmpty() && ended.isEmpty();
    }
  }

  private SplitBrainDetector() {}

  /** {@code vipsByLiveHost}: live hosts only (a down host's last report is stale). */
  public static Changes evaluate(
      Map<String, Set<String>> vipsByLiveHost, Set<String> currentlySplit) {
    SortedMap<String, SortedSet<String>> holders = new TreeMap<>();
    vipsByLiveHost.forEach(
        (host, vips) ->
            vips.forEach(v -> holders.computeIfAbsent(v, k -> new TreeSet<>()).add(host)));
    SortedMap<String, List<String>> started = new TreeMap<>();
    holders.forEach(
        (vip, hosts) -> {
          if (hosts.size() > 1 && !currentlySplit.contains(vip)) {
            started.put(vip, List.copyOf(hosts));
          }
        });
    SortedSet<String> ended = new TreeSet<>();
    for (String vip : currentlySplit) {
      SortedSet<String> h = holders.get(vip);
      if (h == null || h.size() < 2) {
        ended.add(vip);
      }
    }
    return new Changes(started, ended);
  }
}
