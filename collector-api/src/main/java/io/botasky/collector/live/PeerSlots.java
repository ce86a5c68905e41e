package io.botasky.collector.live;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Open live-feed streams per peer address ({@code max_streams_per_peer}), so no one address can
 * take the whole feed. Holds only addresses with a stream open: never more entries than streams.
 */
public final class PeerSlots {
  private final int perPeer;
  private final ConcurrentHashMap<String, Integer> open = new ConcurrentHashMap<>();

  public PeerSlots(int perPeer) {
    this.perPeer = perPeer;
  }

  /** Takes a slot for {@code peer}; false when it has all of its own already. */
  public boolean acquire(String peer) {
    boolean[] taken = {false};
    open.compute(
        peer,
        (k, n) -> {
          int now = n == null ? 0 : n;
          if (now >= perPeer) {
            return n;
          }
          taken[0] = true;
          return now + 1;
        });
    return taken[0];
  }

  public void release(String peer) {
    open.computeIfPresent(peer, (k, n) -> n <= 1 ? null : n - 1);
  }
}
