package io.botasky.agent.inventory;

import io.botasky.agent.alert.AlertTracker;
import io.botasky.agent.probe.RoundResult;
import io.botasky.agent.probe.ScheduledProbe;
import io.botasky.common.text.SafeText;
import io.botasky.common.wire.AlertEvent;
import io.botasky.common.wire.ServiceEntry;
import io.botasky.common.wire.Severity;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The host's services as the heartbeat reports them (docs/agent.md, "Service inventory"): one per
 * probe section, in the order of the file, each with the time of its latest round, whether that
 * round failed, and the state and summary its firing alerts give it.
 *
 * <p>Fed by every finished round (on the scheduler's threads) and read by the deliverer: {@link
 * #onRound} and {@link #snapshot} are synchronized. The state itself is the pure {@link #entry}.
 */
public final class ServiceBook {
  private List<ConfiguredService> services;
  private final AlertTracker tracker;

  /** Service index per probe id: a section's probes all feed its one service. */
  private final Map<String, Integer> byProbe = new HashMap<>();

  /** Per service: the start of its latest round, epoch ms; 0 before the first. */
  private long[] lastCheck;

  /** Per service, per probe: the failure of its latest round, absent when it worked. */
  private final List<Map<String, String>> failures = new ArrayList<>();

  public ServiceBook(List<ConfiguredService> services, AlertTracker tracker) {
    this.tracker = tracker;
    replace(services);
  }

  /**
   * The services of a reload (docs/operations.md, "Reload"), in the order of the file: one that
   * stays (the same object) keeps its last check and failures; a removed one leaves the inventory.
   */
  public synchronized void replace(List<ConfiguredService> next) {
    List<ConfiguredService> before = services == null ? List.of() : services;
    long[] oldCheck = lastCheck;
    List<Map<String, String>> oldFailures = new ArrayList<>(failures);
    services = List.copyOf(next);
    lastCheck = new long[services.size()];
    byProbe.clear();
    failures.clear();
    for (int i = 0; i < services.size(); i++) {
      for (ScheduledProbe p : services.get(i).probes()) {
        byProbe.put(p.id(), i);
      }
      int was = before.indexOf(services.get(i));
      lastCheck[i] = was >= 0 ? oldCheck[was] : 0;
      failures.add(was >= 0 ? oldFailures.get(was) : new LinkedHashMap<>());
    }
  }

  /** Takes one finished round; a probe that is no section's (the spool's) is ignored. */
  public synchronized void onRound(RoundResult r) {
    Integer i = byProbe.get(r.probeId());
    if (i == null) {
      return;
    }
    lastCheck[i] = Math.max(lastCheck[i], r.startedAt().toEpochMilli());
    if (r.success()) {
      failures.get(i).remove(r.probeId());
    } else {
      failures.get(i).put(r.probeId(), r.probeId() + " failed: " + r.error());
    }
  }

  /** Every service as it stands, in the order of the file; the tracker is read once. */
  public List<ServiceEntry> snapshot() {
    List<AlertTracker.Owned> firing = tracker.firingOwned();
    synchronized (this) {
      List<ServiceEntry> out = new ArrayList<>(services.size());
      for (int i = 0; i < services.size(); i++) {
        List<AlertEvent> owned = new ArrayList<>();
        for (AlertTracker.Owned o : firing) {
          if (Integer.valueOf(i).equals(byProbe.get(o.owner()))) {
            owned.add(o.event());
          }
        }
        out.add(entry(services.get(i), lastCheck[i], List.copyOf(failures.get(i).values()), owned));
      }
      return out;
    }
  }

  /**
   * The entry of one service (docs/agent.md, "Service inventory"). Pure.
   *
   * <ul>
   *   <li>a probe whose latest round failed, or a firing {@code probe_failed} or {@code unknown}
   *       check: {@code unknown}, with the failure's text or that alert's summary;
   *   <li>else the worst firing alert: {@code critical} or {@code warning} with its summary ({@code
   *       note} and {@code info} leave the service {@code ok});
   *   <li>else {@code ok} with summary {@code ""}.
   * </ul>
   *
   * Among alerts of one severity the first by check, resource and instance wins, so the summary
   * does not change between two beats for nothing.
   *
   * @param failures the failure text of each of its probes whose latest round failed
   * @param firing the alerts its probes raised that fire now
   */
  public static ServiceEntry entry(
      ConfiguredService s, long lastCheck, List<String> failures, List<AlertEvent> firing) {
    List<AlertEvent> sorted = new ArrayList<>(firing);
    sorted.sort(
        Comparator.comparing((AlertEvent e) -> e.severity() == null ? 0 : -e.severity().rank())
            .thenComparing(AlertEvent::check)
            .thenComparing(AlertEvent::resource)
            .thenComparing(e -> e.instance() == null ? "" : e.instance()));
    String state = "ok";
    String summary = "";
    AlertEvent cannotJudge =
        sorted.stream()
            .filter(e -> e.check().equals("probe_failed") || e.check().equals("unknown"))
            .findFirst()
            .orElse(null);
    AlertEvent worst =
        sorted.stream()
            .filter(e -> e.severity() != null && e.severity().atLeast(Severity.WARNING))
            .findFirst()
            .orElse(null);
    if (!failures.isEmpty()) {
      state = "unknown";
      summary = failures.get(0);
    } else if (cannotJudge != null) {
      state = "unknown";
      summary = cannotJudge.summary();
    } else if (worst != null) {
      state = worst.severity() == Severity.CRITICAL ? "critical" : "warning";
      summary = worst.summary();
    }
    return new ServiceEntry(
        null,
        s.resource(),
        s.instance(),
        s.keys().group(),
        state,
        summary(summary),
        lastCheck,
        interval(s),
        List.copyOf(s.keys().actions().keySet()),
        s.keys().protectedService());
  }

  /** At most {@link ServiceEntry#MAX_SUMMARY} code points, every control made visible. */
  static String summary(String s) {
    String safe = SafeText.line(s == null ? "" : s, ServiceEntry.MAX_SUMMARY - 1);
    return safe;
  }

  /** The shortest interval of the section's probes in whole seconds, within 1..86400. */
  static int interval(ConfiguredService s) {
    long ms =
        s.probes().stream()
            .map(ScheduledProbe::interval)
            .mapToLong(Duration::toMillis)
            .min()
            .orElse(10_000);
    return (int) Math.max(1, Math.min(86_400, (ms + 999) / 1000));
  }
}
