package io.botasky.agent.probe;

import io.botasky.common.wire.Sample;
import io.botasky.common.wire.Severity;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs each probe on its own interval, each round under its deadline on a worker thread, and hands
 * every round to a listener. A round that throws or overruns becomes a failed {@link RoundResult}
 * (node_exporter's "a failed collector is a sample"): the agent never dies of a probe. Every round
 * adds the self metrics {@code probe.success} and {@code probe.duration_seconds}.
 *
 * <p>The scheduler only starts rounds and fires their deadlines; it never waits for one. A command
 * that hangs until its timeout, or a slow HTTP check, therefore holds up no other probe, however
 * few scheduler threads there are (docs/agent.md, "Probes and the runner").
 */
public final class ProbeRunner {
  private static final Logger log = LoggerFactory.getLogger(ProbeRunner.class);
  // Replaced whole by a reload (docs/operations.md, "Reload"); the schedule of each, by id.
  private volatile List<ScheduledProbe> probes;
  private final Map<String, ScheduledFuture<?>> schedules = new ConcurrentHashMap<>();
  private final Clock clock;
  private final ScheduledExecutorService scheduler;
  private final ExecutorService workers;
  private final Consumer<RoundResult> listener;

  /**
   * Last failure text per probe: logged only when it changes, so a broken probe does not flood the
   * log.
   */
  private final Map<String, String> lastError = new ConcurrentHashMap<>();

  /**
   * The latest round of each probe. A probe stuck in the kernel (statvfs on a dead NFS mount)
   * ignores the interrupt at its deadline; starting it again every interval would leak a thread
   * each time, so it is not started again until the stuck round returns. A round still inside its
   * deadline when the next one is due is left to finish: that tick is skipped.
   */
  private final Map<String, Round> latest = new ConcurrentHashMap<>();

  /**
   * @param scheduler starts the rounds and fires their deadlines; null when rounds are only run one
   *     by one with {@link #runOnce} ({@code boagent check})
   */
  public ProbeRunner(
      List<ScheduledProbe> probes,
      Clock clock,
      ScheduledExecutorService scheduler,
      ExecutorService workers,
      Consumer<RoundResult> listener) {
    this.probes = List.copyOf(probes);
    this.clock = clock;
    this.scheduler = scheduler;
    this.workers = workers;
    this.listener = listener;
  }

  public List<ScheduledProbe> probes() {
    return probes;
  }

  /** Schedules every probe; the first rounds start at once, spread by a few ms to avoid a burst. */
  public void start() {
    schedule(probes);
  }

  private void schedule(List<ScheduledProbe> list) {
    long spread = 0;
    for (ScheduledProbe p : list) {
      schedules.put(
          p.id(),
          scheduler.scheduleAtFixedRate(
              () -> tick(p), spread, p.interval().toMillis(), TimeUnit.MILLISECONDS));
      spread += 50;
    }
  }

  /**
   * A reload's change (docs/operations.md, "Reload"): {@code removed} stop (a round of theirs still
   * running is cut off and its result dropped), {@code added} start at once; every other probe
   * keeps its schedule. On one thread at a time (the agent's reload thread).
   */
  public synchronized void change(List<ScheduledProbe> removed, List<ScheduledProbe> added) {
    List<ScheduledProbe> next = new ArrayList<>(probes);
    next.removeAll(removed);
    // Out of the list first: a round cut off below is then dropped, not delivered.
    probes = List.copyOf(next);
    for (ScheduledProbe p : removed) {
      ScheduledFuture<?> f = schedules.remove(p.id());
      if (f != null) {
        f.cancel(false);
      }
      Round r = latest.remove(p.id());
      if (r != null) {
        r.cutOff("probe removed by a reload");
      }
      lastError.remove(p.id());
      if (p.probe() instanceof AutoCloseable c) {
        release(p.id(), c);
      }
    }
    next.addAll(added);
    probes = List.copyOf(next);
    schedule(added);
  }

  /**
   * Closes what a removed probe holds (a followed file) on a worker: the close waits for a round
   * still in flight, which the reload thread must not.
   */
  private void release(String id, AutoCloseable c) {
    try {
      workers.execute(
          () -> {
            try {
              c.close();
            } catch (Exception e) {
              log.debug("probe: {}: close after its removal failed: {}", id, e.toString());
            }
          });
    } catch (RejectedExecutionException e) {
      // The agent is stopping.
    }
  }

  /** True while {@code p} is among the probes that run (a reload may have removed it). */
  private boolean current(ScheduledProbe p) {
    return probes.contains(p);
  }

  private void tick(ScheduledProbe p) {
    // A throwable escaping a scheduled task would cancel its schedule for good.
    try {
      Round previous = latest.get(p.id());
      if (previous != null && !previous.result.isDone()) {
        log.debug("probe: {}: previous round still inside its deadline, this tick skipped", p.id());
        return;
      }
      Round r = begin(p);
      if (!r.result.isDone()) {
        ScheduledFuture<?> deadline =
            scheduler.schedule(r::timeOut, p.deadline().toMillis(), TimeUnit.MILLISECONDS);
        // A round that ended in time cancels its deadline, so the scheduler does not wake up for
        // nothing once per round (docs/agent.md, "Footprint": the agent's CPU is mostly rounds).
        r.result.thenRun(() -> deadline.cancel(false));
      }
      r.result.thenAccept(res -> deliver(p, res));
    } catch (RejectedExecutionException e) {
      // The agent is stopping: the executors refuse new work.
    } catch (Throwable t) {
      log.error("probe: {}: unexpected failure starting a round, will keep running", p.id(), t);
    }
  }

  private void deliver(ScheduledProbe p, RoundResult r) {
    if (stopping() || !current(p)) {
      // A round of a probe a reload removed says nothing any more: its alerts were resolved.
      // A round cut short by the agent's stop is not a failed probe worth an alert.
      return;
    }
    try {
      listener.accept(r);
    } catch (Throwable t) {
      log.error(
          "probe: {}: unexpected failure handling a round, will keep running", r.probeId(), t);
    }
  }

  private boolean stopping() {
    return workers.isShutdown();
  }

  /** One round of {@code p} under its deadline, waited for on this thread; never throws. */
  public RoundResult runOnce(ScheduledProbe p) {
    Round r = begin(p);
    try {
      return r.result.get(p.deadline().toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      return r.timeOut();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return r.cutOff("interrupted (agent stopping)");
    } catch (ExecutionException e) {
      // settle() completes the future only with a value.
      throw new IllegalStateException(e);
    }
  }

  /** Starts a round of {@code p} on a worker; its result completes when it ends or times out. */
  private Round begin(ScheduledProbe p) {
    Round r = new Round(p, clock.instant(), System.nanoTime());
    Round previous = latest.put(p.id(), r);
    if (previous != null && previous.running.get()) {
      latest.put(p.id(), previous);
      r.settle("previous round still running past its deadline", false);
      return r;
    }
    r.running.set(true);
    try {
      r.task = workers.submit(r::execute);
    } catch (RejectedExecutionException e) {
      r.running.set(false);
      r.settle("interrupted (agent stopping)", false);
    }
    return r;
  }

  /** One round: run on a worker, settled once, by its end or by its deadline. */
  private final class Round {
    final ScheduledProbe p;
    final Instant start;
    final long t0;
    final RecordingSink sink = new RecordingSink(clock);

    /** True while the probe's code runs; a timed-out round may still be running. */
    final AtomicBoolean running = new AtomicBoolean();

    final AtomicBoolean settled = new AtomicBoolean();
    final CompletableFuture<RoundResult> result = new CompletableFuture<>();
    volatile Future<?> task;

    Round(ScheduledProbe p, Instant start, long t0) {
      this.p = p;
      this.start = start;
      this.t0 = t0;
    }

    void execute() {
      String error = null;
      try {
        p.probe().run(sink);
      } catch (ProbeException e) {
        error = e.getMessage();
      } catch (Throwable t) {
        if (t instanceof IOException) {
          // Thrown past the signature by a sneaky rethrow: a reading that failed, not a bug.
          error = t.getMessage();
        } else {
          error = t.getClass().getSimpleName() + ": " + t.getMessage();
          // What a probe throws after its deadline cut it off is no bug of its own.
          if (!stopping() && !settled.get()) {
            log.error("probe: {}: bug in probe", p.id(), t);
          }
        }
      } finally {
        running.set(false);
      }
      settle(error, true);
    }

    RoundResult timeOut() {
      return cutOff("timed out after " + p.deadline().toMillis() / 1000.0 + " s");
    }

    /** Interrupts the probe's code and ends the round with {@code error}, if it has not ended. */
    RoundResult cutOff(String error) {
      // Settled first: what the interrupt makes the probe throw must not become the round's result.
      RoundResult r = settle(error, true);
      Future<?> t = task;
      if (t != null) {
        t.cancel(true);
      }
      return r;
    }

    /**
     * Ends the round with {@code error} (null: success) unless it has ended already; returns the
     * result that stands.
     */
    RoundResult settle(String error, boolean log) {
      if (!settled.compareAndSet(false, true)) {
        return result.join();
      }
      RoundResult r = finish(p, start, t0, sink, error, log && !stopping());
      result.complete(r);
      return r;
    }
  }

  private RoundResult finish(
      ScheduledProbe p, Instant start, long t0, RecordingSink sink, String error, boolean log) {
    sink.close();
    double seconds = (System.nanoTime() - t0) / 1e9;
    List<Sample> samples = new ArrayList<>(error == null ? sink.samples() : List.of());
    Map<String, String> label = Map.of("probe", p.id());
    samples.add(new Sample("probe.success", start.toEpochMilli(), error == null ? 1 : 0, label));
    samples.add(
        new Sample(
            "probe.duration_seconds",
            start.toEpochMilli(),
            Math.round(seconds * 1e4) / 1e4,
            label));
    List<CheckOutcome> outcomes = new ArrayList<>(error == null ? sink.outcomes() : List.of());
    outcomes.add(
        error == null
            ? CheckOutcome.ok("system", p.id(), "probe_failed", null, p.id() + " ok")
            : new CheckOutcome(
                "system",
                p.id(),
                "probe_failed",
                Severity.WARNING,
                null,
                null,
                p.id() + " failed: " + error,
                Map.of("error", error)));
    if (log) {
      logChange(p.id(), error);
    }
    return new RoundResult(
        p.id(), start, Duration.ofNanos((long) (seconds * 1e9)), samples, outcomes, error);
  }

  /** Logs a probe's failure once, and its recovery, not every failed round. */
  private void logChange(String id, String error) {
    String before = error == null ? lastError.remove(id) : lastError.put(id, error);
    if (error != null && !Objects.equals(before, error)) {
      log.warn("probe: {} failed: {}", id, error);
    } else if (error == null && before != null) {
      log.info("probe: {} works again", id);
    }
  }
}
