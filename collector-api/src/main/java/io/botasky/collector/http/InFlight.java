package io.botasky.collector.http;

import java.util.concurrent.TimeUnit;

/** Counts requests being handled, so a stop can wait for them to finish. */
final class InFlight {
  private int count;

  synchronized void enter() {
    count++;
  }

  synchronized void exit() {
    count--;
    if (count == 0) {
      notifyAll();
    }
  }

  /** Waits until no request is in flight or the time is up; returns whether all finished. */
  synchronized boolean awaitIdle(long timeout, TimeUnit unit) throws InterruptedException {
    long deadline = System.nanoTime() + unit.toNanos(timeout);
    while (count > 0) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      TimeUnit.NANOSECONDS.timedWait(this, left);
    }
    return true;
  }
}
