package io.botasky.collector.live;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * The watermark of one table the peer poll reads (docs/collector.md, "Several collectors"): which
 * rows of a read are news. A read asks for rows whose time is at or after {@link #since()}: the
 * highest time seen less an overlap, because a row's time is stamped before its commit and by
 * another machine's clock, so a row may become visible after a later one. The rows of the overlap
 * come back on every read; their keys (a row's id and version) are remembered until they fall out
 * of it, so each is news once. Pure: no clock, no I/O; one poll thread only.
 */
public final class PeerWindow {
  private final long overlapMs;
  private long mark;
  private long floor;
  private final Map<String, Long> seen = new HashMap<>();

  /**
   * @param start the time of the oldest row of interest (the collector's start: no history is
   *     replayed)
   * @param overlapMs how far before the highest time seen each read starts again
   */
  public PeerWindow(long start, long overlapMs) {
    this.mark = start;
    this.overlapMs = overlapMs;
    this.floor = start;
  }

  /** The lower bound (inclusive) of the next read. */
  public long since() {
    return floor;
  }

  /** Keys remembered now (tests: bounded by the overlap). */
  int remembered() {
    return seen.size();
  }

  /**
   * The rows of a read that were not seen before, in the read's order; advances the watermark.
   *
   * @param full the read hit its row limit: the next one starts at the last row's time, without the
   *     overlap, else a backlog larger than the limit would be read again forever
   */
  public <T> List<T> admit(
      List<T> rows, Function<T, String> key, ToLongFunction<T> time, boolean full) {
    List<T> fresh = new ArrayList<>();
    long last = Long.MIN_VALUE;
    for (T r : rows) {
      long t = time.applyAsLong(r);
      last = Math.max(last, t);
      if (t < floor) {
        continue;
      }
      if (seen.putIfAbsent(key.apply(r), t) == null) {
        fresh.add(r);
      }
    }
    if (last > mark) {
      mark = last;
    }
    floor =
        full && last != Long.MIN_VALUE ? Math.max(floor, last) : Math.max(floor, mark - overlapMs);
    long keep = floor;
    seen.values().removeIf(t -> t < keep);
    return fresh;
  }
}
