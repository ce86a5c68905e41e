package io.botasky.collector.http;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Open connections, in total and per peer address. The map holds only addresses with a connection
 * open, so it never has more entries than {@code max_connections}.
 */
final class Connections {
  /** Why a connection was refused, or null when admitted. */
  enum Refusal {
    TOTAL,
    PER_PEER
  }

  private final int max;
  private final int maxPerPeer;
  private final AtomicInteger total = new AtomicInteger();
  private final ConcurrentHashMap<String, Integer> perPeer = new ConcurrentHashMap<>();

  Connections(int max, int maxPerPeer) {
    this.max = max;
    this.maxPerPeer = maxPerPeer;
  }

  /** Counts a new connection from {@code peer}; null when admitted (call {@link #close} later). */
  Refusal open(String peer) {
    if (total.incrementAndGet() > max) {
      total.decrementAndGet();
      return Refusal.TOTAL;
    }
    boolean[] over = {false};
    perPeer.compute(
        peer,
        (k, n) -> {
          int now = n == null ? 0 : n;
          if (now >= maxPerPeer) {
            over[0] = true;
            return n;
          }
          return now + 1;
        });
    if (over[0]) {
      total.decrementAndGet();
      return Refusal.PER_PEER;
    }
    return null;
  }

  void close(String peer) {
    perPeer.computeIfPresent(peer, (k, n) -> n <= 1 ? null : n - 1);
    total.decrementAndGet();
  }

  int open() {
    return total.get();
  }
}
