package io.botasky.collector.http;

import java.util.concurrent.TimeUnit;

/**
 * Counts requests being handled, so a stop can wait for them to finish, and the bytes of their
 * bodies, so many large requests at once are refused (429) instead of filling the heap.
 */
final class InFlight {
  private final long maxBytes;
  private int count;
  private long bytes;

  InFlight(long maxBytes) {
    this.maxBytes = maxBytes;
  }

  /** Admits a request with a body of {@code size} bytes; false when the budget is spent. */
  synchronized boolean enter(long size) {
    if (count > 0 && bytes + size > maxBytes) {
      return false;
    }
    count++;
    bytes += size;
    return true;
  }

  synchronized void exit(long size) {
    bytes -= size;
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
