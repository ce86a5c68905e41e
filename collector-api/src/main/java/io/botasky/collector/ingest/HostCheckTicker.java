package io.botasky.collector.ingest;

import io.botasky.common.alert.ValidEvent;
import io.botasky.common.wire.AlertState;
import io.botasky.common.wire.EventsResponse;
import io.botasky.common.wire.Severity;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The collector's own checks, once a second: asks each partition to read its hosts' states again
 * and, on the collector holding the watch lease, to raise host_down for the silent ones; and, on
 * that collector only, applies the cross-host split-brain rule to the VIPs live hosts report
 * (docs/collector.md, "Several collectors").
 */
public final class HostCheckTicker implements Runnable {
  private static final Logger log = LoggerFactory.getLogger("watch");

  /** The open split_brain alerts, VIP to the host they were raised for. */
  @FunctionalInterface
  public interface OpenSplits {
    Map<String, String> read() throws SQLException;
  }

  private final Ingest ingest;
  private final Clock clock;
  private final String master;
  private final Supplier<String> eventIds;
  private final WatchLease lease;
  private final OpenSplits openSplits;
  // VIP -> host of its open split_brain, as this leader knows it; read again at each new term.
  private final Map<String, String> split = new HashMap<>();
  private long splitTerm;

  /** {@code eventIds} gives the ids of the split-brain events it raises. */
  public HostCheckTicker(
      Ingest ingest,
      Clock clock,
      String master,
      WatchLease lease,
      OpenSplits openSplits,
      Supplier<String> eventIds) {
    this.ingest = ingest;
    this.clock = clock;
    this.master = master;
    this.lease = lease;
    this.openSplits = openSplits;
    this.eventIds = eventIds;
  }

  @Override
  public void run() {
    try {
      WatchLease.Fence fence = lease.fence();
      for (AlertPartition p : ingest.alertPartitions()) {
        p.offer(new HostCheckWork(fence, h -> ingest.partitionOf(h) == p));
      }
      if (fence != null) {
        if (fence.term() != splitTerm) {
          split.clear();
          split.putAll(openSplits.read());
          splitTerm = fence.term();
        }
        checkSplitBrain();
      }
    } catch (SQLException | RuntimeException e) {
      // A scheduled task that throws is never run again: log and keep the watch alive.
      log.error("watch: check failed, will try again", e);
    }
  }

  private void checkSplitBrain() {
    long now = clock.millis();
    Map<String, Set<String>> live = new HashMap<>();
    for (AlertPartition p : ingest.alertPartitions()) {
      p.hosts()
          .forEach(
              (host, st) -> {
                if (!st.down()
                    && now - st.lastSeen() <= p.hostTimeoutMs()
                    && !st.vipsHeld().isEmpty()) {
                  live.put(host, st.vipsHeld());
                }
              });
    }
    SplitBrainDetector.Changes ch = SplitBrainDetector.evaluate(live, Set.copyOf(split.keySet()));
    if (ch.isEmpty()) {
      return;
    }
    // By host: an end is raised for the host its start was (an earlier leader's master name).
    Map<String, List<ValidEvent>> events = new LinkedHashMap<>();
    ch.started()
        .forEach(
            (vip, holders) ->
                events
                    .computeIfAbsent(master, h -> new ArrayList<>())
                    .add(
                        event(
                            master,
                            vip,
                            AlertState.FIRING,
                            holders.size(),
                            "split brain: VIP " + vip + " held by " + String.join(", ", holders),
                            now)));
    ch.ended()
        .forEach(
            vip -> {
              String host = split.getOrDefault(vip, master);
              events
                  .computeIfAbsent(host, h -> new ArrayList<>())
                  .add(
                      event(
                          host,
                          vip,
                          AlertState.RESOLVED,
                          1,
                          "VIP " + vip + " has a single holder again",
                          now));
            });
    try {
      int stored = 0;
      for (Map.Entry<String, List<ValidEvent>> e : events.entrySet()) {
        EventsResponse r = ingest.events(e.getKey(), e.getValue()).get(5, TimeUnit.SECONDS);
        stored += r.accepted();
      }
      ch.started().keySet().forEach(vip -> split.put(vip, master));
      ch.ended().forEach(split::remove);
      log.warn(
          "watch: split brain started {} ended {} ({} events stored)",
          ch.started().keySet(),
          ch.ended(),
          stored);
    } catch (Exception e) {
      log.warn("watch: cannot store split-brain change yet: {}", e.toString());
    }
  }

  private ValidEvent event(
      String host, String vip, AlertState state, int holders, String summary, long now) {
    return new ValidEvent(
        eventIds.get(),
        host,
        "keepalived",
        vip,
        "split_brain",
        state,
        Severity.CRITICAL,
        (double) holders,
        1.0,
        summary,
        null,
        now);
  }
}
