package io.botasky.agent;

import io.botasky.agent.action.ActionClient;
import io.botasky.agent.alert.AlertTracker;
import io.botasky.agent.alert.FiringStore;
import io.botasky.agent.probe.ProbeRunner;
import io.botasky.agent.spool.Spool;
import io.botasky.agent.transport.SpoolDeliverer;
import io.botasky.common.lifecycle.Reloadable;
import io.botasky.common.lifecycle.Service;
import io.botasky.common.wire.AlertEvent;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running agent: probe rounds feed the alert tracker and the spool (through the {@link
 * RoundHandler} the runner was built with); the deliverer empties the spool towards the collector;
 * {@code lastLogs} moves the log lines still queued into the spool at the stop. Stops within the
 * contract's 10 s, flushing the buffer first.
 */
public final class AgentService implements Service, Reloadable {
  private static final Logger log = LoggerFactory.getLogger("boagent");
  private final AgentSettings settings;
  private final ProbeRunner runner;
  private final AlertTracker tracker;
  private final Spool spool;
  private final SpoolDeliverer deliverer;
  private final ScheduledExecutorService scheduler;
  private final ExecutorService workers;
  private final Clock clock;
  private final FiringStore firing;
  private final Runnable lastLogs;
  private final ActionClient actions;
  private final Reloadable reloader;
  private boolean stopped;

  public AgentService(
      AgentSettings settings,
      ProbeRunner runner,
      AlertTracker tracker,
      Spool spool,
      SpoolDeliverer deliverer,
      ScheduledExecutorService scheduler,
      ExecutorService workers,
      Clock clock,
      FiringStore firing,
      Runnable lastLogs,
      ActionClient actions) {
    this(
        null, settings, runner, tracker, spool, deliverer, scheduler, workers, clock, firing,
        lastLogs, actions);
  }

  /** As above; {@code reloader} answers SIGHUP (docs/operations.md, "Reload"), null: none. */
  public AgentService(
      Reloadable reloader,
      AgentSettings settings,
      ProbeRunner runner,
      AlertTracker tracker,
      Spool spool,
      SpoolDeliverer deliverer,
      ScheduledExecutorService scheduler,
      ExecutorService workers,
      Clock clock,
      FiringStore firing,
      Runnable lastLogs,
      ActionClient actions) {
    this.reloader = reloader;
    this.actions = actions;
    this.settings = settings;
    this.runner = runner;
    this.tracker = tracker;
    this.spool = spool;
    this.deliverer = deliverer;
    this.scheduler = scheduler;
    this.workers = workers;
    this.clock = clock;
    this.firing = firing;
    this.lastLogs = lastLogs;
  }

  @Override
  public void start() {
    List<AlertTracker.Owned> before = firing.load();
    if (!before.isEmpty()) {
      tracker.restore(before);
      log.info(
          "start: {} alerts were firing when the agent stopped; the first rounds confirm or resolve"
              + " them",
          before.size());
    }
    deliverer.start();
    runner.start();
    if (actions != null) {
      actions.start();
    }
    long every = Math.min(settings.alerts().resendEvery().toMillis(), 60_000);
    scheduler.scheduleWithFixedDelay(this::resend, every, every, TimeUnit.MILLISECONDS);
    log.info(
        "ready: boagent {} probing {} probes ({}), delivering to {}",
        settings.host(),
        runner.probes().size(),
        String.join(", ", runner.probes().stream().map(p -> p.id()).toList()),
        settings.masterUrls().stream().map(Object::toString).collect(Collectors.joining(", ")));
  }

  @Override
  public void reload() {
    if (reloader == null) {
      log.warn("reload: this agent was not started from a file, nothing to read again");
      return;
    }
    synchronized (this) {
      if (stopped) {
        return;
      }
    }
    reloader.reload();
  }

  private void resend() {
    try {
      List<AlertEvent> again = tracker.resendDue(clock.instant());
      if (!again.isEmpty()) {
        spool.addEvents(again);
        deliverer.wake();
      }
    } catch (Throwable t) {
      log.error("alert: resend failed, will keep running", t);
    }
  }

  @Override
  public synchronized void stop() {
    if (stopped) {
      return;
    }
    stopped = true;
    if (actions != null) {
      actions.stop(Duration.ofSeconds(2));
    }
    scheduler.shutdownNow();
    workers.shutdownNow();
    try {
      scheduler.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    // Log lines queued since the pump's last run go into the spool with the last batch.
    lastLogs.run();
    spool.flush();
    deliverer.stop(Duration.ofSeconds(4));
    spool.close();
    log.info("stop: boagent stopped; unsent data stays in {}", settings.dataDir());
  }
}
