package io.botasky.agent.probe.system;

import java.time.Duration;

/** Waits between two readings of one measurement; tests move a clock and the fixture instead. */
@FunctionalInterface
public interface Sleeper {
  void sleep(Duration d) throws InterruptedException;

  /** The real one. */
  static Sleeper real() {
    return d -> Thread.sleep(d.toMillis());
  }
}
