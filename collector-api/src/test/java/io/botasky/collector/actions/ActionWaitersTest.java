package io.botasky.collector.actions;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ActionWaitersTest {
  final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
  final ActionWaiters w = new ActionWaiters(timers);

  @AfterEach
  void stop() {
    timers.shutdownNow();
  }

  @Test
  void aRequestWakesItsHostsWaiterOnly() throws Exception {
    CompletableFuture<Boolean> a = w.await("pi3", 60_000);
    CompletableFuture<Boolean> b = w.await("pi4", 60_000);
    w.wake("pi3");
    assertThat(a.get(1, TimeUnit.SECONDS)).isTrue();
    assertThat(b).isNotDone();
    assertThat(w.waiting()).isEqualTo(1);
    w.close();
    assertThat(b.get(1, TimeUnit.SECONDS)).isFalse();
    assertThat(w.waiting()).isZero();
  }

  @Test
  void aSecondPollReplacesTheFirstAndTimersEndWaits() throws Exception {
    CompletableFuture<Boolean> first = w.await("pi3", 60_000);
    CompletableFuture<Boolean> second = w.await("pi3", 100);
    assertThat(first.get(1, TimeUnit.SECONDS)).isFalse();
    assertThat(w.waiting()).isEqualTo(1);
    assertThat(second.get(2, TimeUnit.SECONDS)).isFalse();
    assertThat(w.waiting()).isZero();
  }
}
