package io.botasky.collector.ingest;

import io.botasky.common.alert.ValidEvent;
import io.botasky.common.wire.AlertState;
import io.botasky.common.wire.EventsResponse;
import io.botasky.common.wire.Severity;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The collector's own checks, once a second: asks each partition to raise host_down for its silent
 * hosts, and applies the cross-host split-brain rule to the VIPs live hosts report.
 */
public final class HostCheckTicker implements Runnable {
  private static final Logger log = LoggerFactory.getLogger("watch");

  private final Ingest ingest;
  private final Clock clock;
  private final String master;
  private final Supplier<String> eventIds;
  private final Set<String> split = ConcurrentHashMap.newKeySet();

  /** {@code eventIds} gives the ids of the split-brain events it raises. */
  public HostCheckTicker(
      Ingest ingest,
      Clock clock,
      String master,
      Set<String> splitAtStart,
      Supplier<String> eventIds) {
    this.ingest = ingest;
    this.clock = clock;
    this.master = master;
    this.eventIds = eventIds;
    this.split.addAll(splitAtStart);
  }

  @Override
  public void run() {
    try {
      for (AlertPartition p : ingest.alertPartitions()) {
        p.offer(new HostCheckWork());
      }
      checkSplitBrain();
    } catch (RuntimeException e) {
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
    SplitBrainDetector.Changes ch = SplitBrainDetector.evaluate(live, Set.copyOf(split));
    if (ch.isEmpty()) {
      return;
    }
    List<ValidEvent> events = new ArrayList<>();
    ch.started()
        .forEach(
            (vip, holders) ->
                events.add(
                    event(
                        vip,
                        AlertState.FIRING,
                        holders.size(),
                        "split brain: VIP " + vip + " held by " + String.join(", ", holders),
                        now)));
    ch.ended()
        .forEach(
            vip ->
                events.add(
                    event(
                        vip,
                        AlertState.RESOLVED,
                        1,
                        "VIP " + vip + " has a single holder again",
                        now)));
    try {
      EventsResponse r = ingest.events(master, events).get(5, TimeUnit.SECONDS);
      split.addAll(ch.started().keySet());
      split.removeAll(ch.ended());
      log.warn(
          "watch: split brain started {} ended {} ({} events stored)",
          ch.started().keySet(),
          ch.ended(),
          r.accepted());
    } catch (Exception e) {
      log.warn("watch: cannot store split-brain change yet: {}", e.toString());
    }
  }

  private ValidEvent event(String vip, AlertState state, int holders, String summary, long now) {
    return new ValidEvent(
        eventIds.get(),
        master,
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
