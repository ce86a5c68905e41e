package io.botasky.agent;

import io.botasky.agent.alert.AlertTracker;
import io.botasky.agent.alert.FiringStore;
import io.botasky.agent.inventory.ServiceBook;
import io.botasky.agent.probe.CheckOutcome;
import io.botasky.agent.probe.RoundResult;
import io.botasky.agent.spool.Spool;
import io.botasky.agent.transport.SpoolDeliverer;
import io.botasky.common.wire.AlertEvent;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a finished probe round goes: its outcomes through the alert tracker into the spool (and the
 * firing alerts into {@code firing.state}), its samples into the spool, its time and success into
 * the service book (the heartbeat's service inventory), and the deliverer woken when there is
 * something to send. Built before the probe runner, which calls it, so the wiring needs no back
 * reference from the runner to the service that owns it.
 */
public final class RoundHandler {
  private static final Logger log = LoggerFactory.getLogger("boagent");
  private final AlertTracker tracker;
  private final Spool spool;
  private final FiringStore firing;
  private final SpoolDeliverer deliverer;
  private final ServiceBook services;

  public RoundHandler(
      AlertTracker tracker,
      Spool spool,
      FiringStore firing,
      SpoolDeliverer deliverer,
      ServiceBook services) {
    this.services = services;
    this.tracker = tracker;
    this.spool = spool;
    this.firing = firing;
    this.deliverer = deliverer;
  }

  /** Handles one finished round; called on the scheduler threads. */
  public void onRound(RoundResult r) {
    // One line per round at debug level: what the end-to-end test compares with what arrived.
    log.debug(
        "round: {} at {} samples {}{}",
        r.probeId(),
        r.startedAt().toEpochMilli(),
        r.samples().size(),
        r.success() ? "" : " failed: " + r.error());
    List<AlertEvent> events;
    if (r.success()) {
      events = tracker.observeRound(r.probeId(), r.outcomes(), r.startedAt());
    } else {
      // A failed round says nothing about the checks it could not make: keep their alerts as they
      // are.
      events = new ArrayList<>();
      for (CheckOutcome o : r.outcomes()) {
        tracker.observe(r.probeId(), o, r.startedAt()).ifPresent(events::add);
      }
    }
    if (!events.isEmpty()) {
      // Spooled (durable) before logged: an `alert:` line is a promise that the event reaches the
      // collector; logged first, an agent killed between the two logged an event it never sent
      // (seen in the 2-hour soak run, docs/developing.md).
      spool.addEvents(events);
      for (AlertEvent e : events) {
        log.info(
            "alert: {} {} {}/{}/{}: {}",
            e.state().wire(),
            e.severity() == null ? "-" : e.severity().wire(),
            e.resource(),
            e.instance() == null ? "" : e.instance(),
            e.check(),
            e.summary());
      }
      firing.save(tracker.firingOwned());
      deliverer.wake();
    }
    // After the tracker: the service's state is read from the alerts this round left firing.
    services.onRound(r);
    if (spool.addRound(r.samples())) {
      deliverer.wake();
    }
  }
}
