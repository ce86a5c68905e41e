package io.botasky.agent.probe;

import io.botasky.common.wire.Sample;
import io.botasky.common.wire.Severity;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
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
 */
public final class ProbeRunner {
  private static final Logger log = LoggerFactory.getLogger(ProbeRunner.class);
  private final List<ScheduledProbe> probes;
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
   * The round of each probe that overran its deadline and has not ended yet. A probe stuck in the
   * kernel (statvfs on a dead NFS mount) ignores the interrupt; starting it again every interval
   * would leak a thread each time, so it is not started again until the stuck round returns.
   */
  private final Map<String, AtomicBoolean> stuck = new ConcurrentHashMap<>();

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
    long spread = 0;
    for (ScheduledProbe p : probes) {
      scheduler.scheduleAtFixedRate(
          () -> tick(p), spread, p.interval().toMillis(), TimeUnit.MILLISECONDS);
      spread += 50;
    }
  }

  private void tick(ScheduledProbe p) {
    // A throwable escaping a scheduled task would cancel its schedule for good.
    try {
      RoundResult r = runOnce(p);
      if (Thread.currentThread().isInterrupted()) {
        // The agent is stopping: a round cut short by that is not a failed probe worth an alert.
        return;
      }
      listener.accept(r);
    } catch (Throwable t) {
      log.error("probe: {}: unexpected failure handling a round, will keep running", p.id(), t);
    }
  }

  /** One round of {@code p} under its deadline; never throws. */
  public RoundResult runOnce(ScheduledProbe p) {
    Instant start = clock.instant();
    long t0 = System.nanoTime();
    RecordingSink sink = new RecordingSink(clock);
    String error = null;
    AtomicBoolean previous = stuck.get(p.id());
    if (previous != null && previous.get()) {
      return finish(p, start, t0, sink, "previous round still running past its deadline");
    }
    stuck.remove(p.id());
    // Set by the round itself: a cancelled Future reports "done" while its thread may still be
    // stuck.
    AtomicBoolean running = new AtomicBoolean();
    Future<?> f =
        workers.submit(
            () -> {
              running.set(true);
              try {
                p.probe().run(sink);
              } finally {
                running.set(false);
              }
              return null;
            });
    try {
      f.get(p.deadline().toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      f.cancel(true);
      stuck.put(p.id(), running);
      error = "timed out after " + p.deadline().toMillis() / 1000.0 + " s";
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      error =
          c instanceof ProbeException || c instanceof java.io.IOException
              ? c.getMessage()
              : c.getClass().getSimpleName() + ": " + c.getMessage();
      if (!(c instanceof ProbeException) && !(c instanceof java.io.IOException)) {
        log.error("probe: {}: bug in probe", p.id(), c);
      }
    } catch (InterruptedException e) {
      f.cancel(true);
      Thread.currentThread().interrupt();
      error = "interrupted (agent stopping)";
    }
    return finish(p, start, t0, sink, error);
  }

  private RoundResult finish(
      ScheduledProbe p, Instant start, long t0, RecordingSink sink, String error) {
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
    // When the agent is stopping this round is dropped (see tick): not a probe failure to log.
    if (!Thread.currentThread().isInterrupted()) {
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
