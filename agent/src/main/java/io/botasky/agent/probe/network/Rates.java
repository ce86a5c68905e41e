package io.botasky.agent.probe.network;

import io.botasky.agent.linux.NetDevCounters;
import java.time.Duration;

/** Per-second rates of kernel counters between two rounds. Pure. */
final class Rates {
  private Rates() {}

  /**
   * Whether any counter of the interface went down: it was recreated (or a counter wrapped), and
   * none of its rates for this round can be trusted.
   */
  static boolean wentDown(NetDevCounters before, NetDevCounters after) {
    return after.rxBytes() < before.rxBytes()
        || after.txBytes() < before.txBytes()
        || after.rxErrors() + after.txErrors() < before.rxErrors() + before.txErrors();
  }

  /**
   * {@code (after - before) / dt} per second, or null when there is no rate to give: no time passed
   * (or the clock went back), or the counter went down (the interface was recreated, or a 32-bit
   * counter wrapped: without knowing its width the wrap cannot be undone, so that round is skipped
   * rather than reported as a spike or a negative rate).
   */
  static Double perSecond(long before, long after, Duration dt) {
    if (dt.isZero() || dt.isNegative() || after < before) {
      return null;
    }
    return (after - before) / (dt.toNanos() / 1e9);
  }
}
