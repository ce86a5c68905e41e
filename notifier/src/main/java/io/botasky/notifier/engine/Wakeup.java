package io.botasky.notifier.engine;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/** A doorbell for the work loop: any number of rings before it looks count as one. */
public final class Wakeup {
  private final Semaphore bell = new Semaphore(0);

  public void ring() {
    if (bell.availablePermits() == 0) {
      bell.release();
    }
  }

  /** Waits up to {@code max} for a ring; true when rung. */
  public boolean await(Duration max) throws InterruptedException {
    boolean rung = bell.tryAcquire(Math.max(0, max.toMillis()), TimeUnit.MILLISECONDS);
    bell.drainPermits();
    return rung;
  }
}
