package io.botasky.agent;

import io.botasky.agent.alert.AlertTracker;
import io.botasky.agent.alert.FiringStore;
import io.botasky.agent.inventory.ConfiguredService;
import io.botasky.agent.inventory.ServiceBook;
import io.botasky.agent.probe.CheckOutcome;
import io.botasky.agent.probe.ProbeRunner;
import io.botasky.agent.probe.ScheduledProbe;
import io.botasky.agent.spool.Spool;
import io.botasky.agent.transport.SpoolDeliverer;
import io.botasky.common.config.ConfigException;
import io.botasky.common.config.Problem;
import io.botasky.common.lifecycle.Reloadable;
import io.botasky.common.log.Secrets;
import io.botasky.common.text.SafeText;
import io.botasky.common.wire.AlertEvent;
import io.botasky.common.wire.Severity;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's SIGHUP (docs/operations.md, "Reload"): colConfig.ini read again whole, by the same
 * reader as at start. A file with any error is refused, every problem logged, and {@code
 * boagent/config/reload_failed} raised through the tracker and the spool like any check of the
 * agent. A good file changes the probe sections only: an unchanged section keeps running (its
 * probes, schedule and alert state), a removed one stops and the alerts its probes raised resolve,
 * an added one starts, a changed one is removed and added. The spool and the deliverer are not
 * touched; a change to {@code [agent]} is logged as needing a restart and ignored.
 */
final class AgentReload implements Reloadable {
  private static final Logger log = LoggerFactory.getLogger("boagent");

  /** The owner of the reload alert in the tracker: no probe has this id. */
  static final String OWNER = "reload";

  /** Reads colConfig.ini again: {@link AgentWiring#load}. */
  @FunctionalInterface
  interface Source {
    LoadedConfig load() throws ConfigException;
  }

  /** What a reload changes, decided from the running and the new services. */
  record Plan(
      List<ConfiguredService> services,
      List<ConfiguredService> removed,
      List<ConfiguredService> added,
      int kept) {}

  /** The running agent's parts a reload touches. */
  record Parts(
      ProbeRunner runner,
      ServiceBook book,
      AlertTracker tracker,
      Spool spool,
      FiringStore firing,
      SpoolDeliverer deliverer) {}

  private final Source source;
  private final AtomicReference<LoadedConfig> current;
  private final Parts parts;
  private final Clock clock;

  AgentReload(Source source, AtomicReference<LoadedConfig> current, Parts parts, Clock clock) {
    this.source = source;
    this.current = current;
    this.parts = parts;
    this.clock = clock;
  }

  /**
   * Matches services by resource and instance: the same section text keeps the running service (the
   * same object); another text is a removal and an addition. Pure.
   */
  static Plan plan(List<ConfiguredService> running, List<ConfiguredService> next) {
    Map<String, ConfiguredService> byKey = new HashMap<>();
    running.forEach(s -> byKey.put(key(s), s));
    List<ConfiguredService> services = new ArrayList<>();
    List<ConfiguredService> added = new ArrayList<>();
    List<ConfiguredService> removed = new ArrayList<>();
    int kept = 0;
    for (ConfiguredService s : next) {
      ConfiguredService old = byKey.remove(key(s));
      if (old != null && old.fingerprint().equals(s.fingerprint())) {
        services.add(old);
        kept++;
      } else {
        if (old != null) {
          removed.add(old);
        }
        services.add(s);
        added.add(s);
      }
    }
    for (ConfiguredService s : running) {
      if (byKey.containsKey(key(s))) {
        removed.add(s);
      }
    }
    return new Plan(List.copyOf(services), List.copyOf(removed), List.copyOf(added), kept);
  }

  private static String key(ConfiguredService s) {
    return s.resource() + "\0" + s.instance();
  }

  @Override
  public void reload() {
    LoadedConfig next;
    try {
      next = source.load();
    } catch (ConfigException e) {
      for (Problem p : e.problems()) {
        log.error("reload: {}", SafeText.line(Secrets.mask(p.toString())));
      }
      log.error(
          "reload: refused ({} problems), keeping the previous configuration", e.problems().size());
      outcome(
          new CheckOutcome(
              "boagent",
              "config",
              "reload_failed",
              Severity.WARNING,
              null,
              null,
              "colConfig.ini reload refused: "
                  + e.problems().size()
                  + " problems; first: "
                  + SafeText.line(Secrets.mask(e.problems().get(0).toString())),
              Map.of()));
      return;
    }
    LoadedConfig cur = current.get();
    next.warnings().forEach(w -> log.warn("reload: {}", w));
    if (!cur.settings().equals(next.settings())) {
      log.warn("reload: [agent] changed: needs a restart, ignored until then");
    }
    Plan plan = plan(cur.services(), next.services());
    Instant now = clock.instant();
    parts
        .runner()
        .change(
            plan.removed().stream().flatMap(s -> s.probes().stream()).toList(),
            plan.added().stream().flatMap(s -> s.probes().stream()).toList());
    List<AlertEvent> events = new ArrayList<>();
    for (ConfiguredService s : plan.removed()) {
      for (ScheduledProbe p : s.probes()) {
        // No outcome from the probe any more: what it raised resolves ("gone").
        events.addAll(parts.tracker().observeRound(p.id(), List.of(), now));
      }
    }
    parts.book().replace(plan.services());
    current.set(new LoadedConfig(cur.settings(), plan.services(), next.warnings()));
    publish(events);
    log.info(
        "reload: ok, {} services: {} kept, {} added, {} removed ({} resolved alerts)",
        plan.services().size(),
        plan.kept(),
        plan.added().size(),
        plan.removed().size(),
        events.size());
    outcome(CheckOutcome.ok("boagent", "config", "reload_failed", null, "reload ok"));
  }

  private void outcome(CheckOutcome o) {
    List<AlertEvent> events = new ArrayList<>();
    parts.tracker().observeAtOnce(OWNER, o, clock.instant()).ifPresent(events::add);
    publish(events);
  }

  private void publish(List<AlertEvent> events) {
    if (events.isEmpty()) {
      return;
    }
    parts.spool().addEvents(events);
    parts.firing().save(parts.tracker().firingOwned());
    parts.deliverer().wake();
  }
}
