package io.botasky.agent.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.botasky.common.testkit.MutableClock;
import io.botasky.common.wire.Sample;
import io.botasky.common.wire.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ProbeRunnerTest {
  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-21T10:00:00Z"));
  private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(1);
  private final ExecutorService workers = Executors.newCachedThreadPool();
  private final List<RoundResult> rounds = new CopyOnWriteArrayList<>();
  private final CountDownLatch never = new CountDownLatch(1);

  @AfterEach
  void stop() {
    never.countDown();
    scheduler.shutdownNow();
    workers.shutdownNow();
  }

  private static Probe probe(String id, ProbeBody body) {
    return new Probe() {
      @Override
      public String id() {
        return id;
      }

      @Override
      public void run(ProbeSink sink) throws ProbeException {
        body.run(sink);
      }
    };
  }

  interface ProbeBody {
    void run(ProbeSink sink) throws ProbeException;
  }

  private ProbeRunner runner(ScheduledProbe... p) {
    return new ProbeRunner(List.of(p), clock, scheduler, workers, rounds::add);
  }

  private static double metric(RoundResult r, String name) {
    return r.samples().stream()
        .filter(s -> s.metric().equals(name))
        .mapToDouble(Sample::value)
        .findFirst()
        .orElseThrow();
  }

  @Test
  void aGoodRoundCarriesItsDataAndSelfMetrics() {
    ScheduledProbe p =
        ScheduledProbe.of(
            probe(
                "t",
                s -> {
                  s.sample("x", 1.5, Map.of());
                  s.outcome(CheckOutcome.ok("system", null, "cpu_usage", 1.5, "fine"));
                }),
            Duration.ofSeconds(5));
    RoundResult r = runner(p).runOnce(p);
    assertThat(r.success()).isTrue();
    assertThat(metric(r, "x")).isEqualTo(1.5);
    assertThat(metric(r, "probe.success")).isEqualTo(1.0);
    assertThat(r.samples())
        .filteredOn(s -> s.metric().equals("probe.duration_seconds"))
        .singleElement()
        .extracting(Sample::labels)
        .isEqualTo(Map.of("probe", "t"));
    assertThat(r.outcomes())
        .extracting(CheckOutcome::check)
        .containsExactly("cpu_usage", "probe_failed");
  }

  @Test
  void aThrowingProbeIsAFailedRoundNotACrash() {
    ScheduledProbe p =
        ScheduledProbe.of(
            probe(
                "bad",
                s -> {
                  s.sample("half", 1, Map.of());
                  throw new ProbeException("meminfo: MemTotal missing");
                }),
            Duration.ofSeconds(5));
    RoundResult r = runner(p).runOnce(p);
    assertThat(r.error()).isEqualTo("meminfo: MemTotal missing");
    assertThat(metric(r, "probe.success")).isZero();
    assertThat(r.samples()).extracting(Sample::metric).doesNotContain("half");
    assertThat(r.outcomes())
        .singleElement()
        .satisfies(
            o -> {
              assertThat(o.check()).isEqualTo("probe_failed");
              assertThat(o.instance()).isEqualTo("bad");
              assertThat(o.severity()).isEqualTo(Severity.WARNING);
              assertThat(o.summary()).contains("MemTotal missing");
            });
  }

  @Test
  void aBugInAProbeIsAFailedRoundToo() {
    ScheduledProbe p =
        ScheduledProbe.of(
            probe(
                "npe",
                s -> {
                  throw new NullPointerException("oops");
                }),
            Duration.ofSeconds(5));
    assertThat(runner(p).runOnce(p).error()).isEqualTo("NullPointerException: oops");
  }

  @Test
  void aSlowProbeIsCutAtItsDeadline() {
    ScheduledProbe p =
        new ScheduledProbe(
            "slow",
            probe(
                "slow",
                s -> {
                  try {
                    never.await();
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                  s.sample("late", 1, Map.of());
                }),
            Duration.ofSeconds(5),
            Duration.ofMillis(200));
    RoundResult r = runner(p).runOnce(p);
    assertThat(r.error()).isEqualTo("timed out after 0.2 s");
    assertThat(r.samples()).extracting(Sample::metric).doesNotContain("late");
  }

  @Test
  void aProbeStuckPastItsDeadlineIsNotStartedAgainUntilItReturns() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    java.util.concurrent.atomic.AtomicInteger started =
        new java.util.concurrent.atomic.AtomicInteger();
    ScheduledProbe p =
        new ScheduledProbe(
            "nfs",
            probe(
                "nfs",
                s -> {
                  started.incrementAndGet();
                  // Like statvfs on a dead NFS server: deaf to interrupts.
                  while (true) {
                    try {
                      release.await();
                      return;
                    } catch (InterruptedException e) {
                      // ignored on purpose
                    }
                  }
                }),
            Duration.ofSeconds(5),
            Duration.ofMillis(100));
    ProbeRunner r = runner(p);
    assertThat(r.runOnce(p).error()).startsWith("timed out");
    assertThat(r.runOnce(p).error()).isEqualTo("previous round still running past its deadline");
    assertThat(started).hasValue(1);
    release.countDown();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> r.runOnce(p).success() || started.get() == 2);
    assertThat(started).hasValue(2);
  }

  @Test
  void roundsCutShortByStoppingAreNotReported() throws Exception {
    CountDownLatch inRound = new CountDownLatch(1);
    ScheduledProbe slow =
        new ScheduledProbe(
            "slow",
            probe(
                "slow",
                s -> {
                  inRound.countDown();
                  try {
                    never.await();
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                }),
            Duration.ofMillis(50),
            Duration.ofSeconds(30));
    runner(slow).start();
    inRound.await();
    scheduler.shutdownNow();
    workers.shutdownNow();
    assertThat(scheduler.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    assertThat(rounds).as("no probe_failed round from the stop").isEmpty();
  }

  @Test
  void eachProbeRunsOnItsOwnIntervalAndABrokenOneDoesNotStopTheOthers() {
    ScheduledProbe fast =
        ScheduledProbe.of(probe("fast", s -> s.sample("f", 1, Map.of())), Duration.ofMillis(50));
    ScheduledProbe broken =
        ScheduledProbe.of(
            probe(
                "broken",
                s -> {
                  throw new IllegalStateException("always");
                }),
            Duration.ofMillis(50));
    runner(fast, broken).start();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                rounds.stream().filter(r -> r.probeId().equals("fast")).count() >= 3
                    && rounds.stream().filter(r -> r.probeId().equals("broken")).count() >= 3);
  }

  @Test
  void aRoundHangingUntilItsDeadlineHoldsUpNoOtherProbeOnTheOneSchedulerThread() {
    ScheduledProbe hanging =
        new ScheduledProbe(
            "hanging",
            probe(
                "hanging",
                s -> {
                  try {
                    never.await();
                  } catch (InterruptedException e) {
                    throw new ProbeException("interrupted");
                  }
                }),
            Duration.ofMillis(100),
            Duration.ofSeconds(2));
    ScheduledProbe fast =
        ScheduledProbe.of(probe("fast", s -> s.sample("f", 1, Map.of())), Duration.ofMillis(50));
    runner(hanging, fast).start();
    await()
        .atMost(Duration.ofSeconds(1))
        .until(() -> rounds.stream().filter(r -> r.probeId().equals("fast")).count() >= 5);
    assertThat(rounds).noneMatch(r -> r.probeId().equals("hanging"));
    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () ->
                assertThat(rounds)
                    .filteredOn(r -> r.probeId().equals("hanging"))
                    .first()
                    .satisfies(r -> assertThat(r.error()).startsWith("timed out after 2.0 s")));
    assertThat(rounds)
        .filteredOn(r -> r.probeId().equals("hanging"))
        .as("ticks inside the deadline are skipped, not queued")
        .hasSizeLessThanOrEqualTo(2);
  }

  @Test
  void aReloadStopsRemovedProbesDropsTheirRoundInFlightClosesThemAndStartsAdded() throws Exception {
    CountDownLatch inFlight = new CountDownLatch(1);
    CountDownLatch closed = new CountDownLatch(1);
    ScheduledProbe kept = ScheduledProbe.of(probe("kept", s -> {}), Duration.ofMillis(100));
    class Holding implements Probe, AutoCloseable {
      @Override
      public String id() {
        return "gone";
      }

      @Override
      public void run(ProbeSink sink) throws ProbeException {
        inFlight.countDown();
        try {
          never.await();
        } catch (InterruptedException e) {
          throw new ProbeException("interrupted");
        }
      }

      @Override
      public void close() {
        closed.countDown();
      }
    }
    ScheduledProbe gone =
        new ScheduledProbe("gone", new Holding(), Duration.ofHours(1), Duration.ofHours(1));
    ScheduledProbe added = ScheduledProbe.of(probe("added", s -> {}), Duration.ofMillis(100));
    ProbeRunner r = runner(kept, gone);
    r.start();
    assertThat(inFlight.await(5, java.util.concurrent.TimeUnit.SECONDS)).isTrue();

    r.change(List.of(gone), List.of(added));

    assertThat(r.probes()).containsExactly(kept, added);
    assertThat(closed.await(5, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> rounds.stream().anyMatch(x -> x.probeId().equals("added")));
    assertThat(rounds).noneMatch(x -> x.probeId().equals("gone"));
    assertThat(rounds).anyMatch(x -> x.probeId().equals("kept"));
  }

  @Test
  void aRoundThatEndsInTimeCancelsItsDeadlineSoTheSchedulerDoesNotWakeForIt() {
    ScheduledThreadPoolExecutor sched = new ScheduledThreadPoolExecutor(1);
    sched.setRemoveOnCancelPolicy(true);
    try {
      ScheduledProbe p =
          ScheduledProbe.of(probe("quick", s -> s.sample("q", 1, Map.of())), Duration.ofHours(1));
      new ProbeRunner(List.of(p), clock, sched, workers, rounds::add).start();
      await().atMost(Duration.ofSeconds(5)).until(() -> rounds.size() == 1);
      // Left in the queue: only the probe's next tick, an hour away; not its deadline.
      await().atMost(Duration.ofSeconds(5)).until(() -> sched.getQueue().size() == 1);
    } finally {
      sched.shutdownNow();
    }
  }
}
