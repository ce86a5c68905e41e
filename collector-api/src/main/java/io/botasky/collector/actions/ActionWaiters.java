package io.botasky.collector.actions;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The agents' long polls waiting for an action (docs/collector.md, "Controlled actions"): at most
 * one per host — a second poll of a host replaces the first, which is answered at once, so an agent
 * that reconnects cannot pile up waiters. Nothing blocks a thread: a waiter is a future completed
 * {@code true} by a request for its host, {@code false} by its timer, a replacement or the stop.
 */
public final class ActionWaiters {
  private final ScheduledExecutorService timers;
  private final Map<String, CompletableFuture<Boolean>> byHost = new HashMap<>();

  public ActionWaiters(ScheduledExecutorService timers) {
    this.timers = timers;
  }

  /** A waiter for {@code host} that gives up after {@code waitMs}. */
  public CompletableFuture<Boolean> await(String host, long waitMs) {
    CompletableFuture<Boolean> f = new CompletableFuture<>();
    CompletableFuture<Boolean> old;
    synchronized (byHost) {
      old = byHost.put(host, f);
    }
    if (old != null) {
      old.complete(false);
    }
    timers.schedule(() -> cancel(host, f), waitMs, TimeUnit.MILLISECONDS);
    return f;
  }

  /** Answers {@code f} with nothing, and forgets it if it is still {@code host}'s waiter. */
  public void cancel(String host, CompletableFuture<Boolean> f) {
    synchronized (byHost) {
      byHost.remove(host, f);
    }
    f.complete(false);
  }

  /** Wakes {@code host}'s waiter, if any: an action was requested for it. */
  public void wake(String host) {
    CompletableFuture<Boolean> f;
    synchronized (byHost) {
      f = byHost.remove(host);
    }
    if (f != null) {
      f.complete(true);
    }
  }

  /** Answers every waiter (the collector stops). */
  public void close() {
    Map<String, CompletableFuture<Boolean>> all;
    synchronized (byHost) {
      all = new HashMap<>(byHost);
      byHost.clear();
    }
    all.values().forEach(f -> f.complete(false));
  }

  /** Polls waiting now (metrics, tests). */
  public int waiting() {
    synchronized (byHost) {
      return byHost.size();
    }
  }
}
