package io.botasky.collector.http;

import java.util.concurrent.TimeUnit;

/**
 * The memory budgets of request bodies. Bodies still arriving hold their declared length (reserved
 * on the head, so a sender cannot hold more than it announced); bodies being handled hold the size
 * their parsed tree is expected to take ({@link ParsedSize}), and at most {@link #MAX_LARGE} bodies
 * of {@link #LARGE_BODY} bytes or more are parsed at once. Also counts requests being handled, so a
 * stop can wait for them to finish.
 */
final class InFlight {
  /** A body this large or larger is "large": few of them are parsed at once. */
  static final long LARGE_BODY = 256 << 10;

  static final int MAX_LARGE = 2;

  /** The answer to a request for admission. */
  enum Admission {
    ADMITTED,
    /** Over the budget now; may fit later (429). */
    BUSY,
    /** Too many large bodies being parsed now (429). */
    LARGE_BUSY,
    /** Would not fit even alone (413). */
    NEVER
  }

  private final long maxParsed;
  private final long maxArriving;
  private int count;
  private int large;
  private long parsed;
  private long arriving;

  /**
   * @param maxParsed {@code max_inflight}: expected parsed size of all bodies being handled
   * @param maxArriving bytes that bodies still being received may hold together
   */
  InFlight(long maxParsed, long maxArriving) {
    this.maxParsed = maxParsed;
    this.maxArriving = maxArriving;
  }

  /** Reserves room for a body of {@code bytes} about to arrive; false when there is none now. */
  synchronized boolean reserveArriving(long bytes) {
    if (bytes > 0 && arriving + bytes > maxArriving) {
      return false;
    }
    arriving += bytes;
    return true;
  }

  synchronized void releaseArriving(long bytes) {
    arriving -= bytes;
  }

  /** Admits a request with a body of {@code size} bytes expected to parse to {@code parsedSize}. */
  synchronized Admission enter(long size, long parsedSize) {
    if (parsedSize > maxParsed) {
      return Admission.NEVER;
    }
    if (parsed + parsedSize > maxParsed) {
      return Admission.BUSY;
    }
    boolean isLarge = size >= LARGE_BODY;
    if (isLarge && large >= MAX_LARGE) {
      return Admission.LARGE_BUSY;
    }
    count++;
    parsed += parsedSize;
    if (isLarge) {
      large++;
    }
    return Admission.ADMITTED;
  }

  synchronized void exit(long size, long parsedSize) {
    parsed -= parsedSize;
    if (size >= LARGE_BODY) {
      large--;
    }
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
