package io.botasky.collector.live;

import io.botasky.collector.store.LogStore;
import io.botasky.common.log.LogRate;
import io.botasky.common.wire.LogLine;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The collector's own WARN and ERROR log lines in the log view: host = this machine, source {@code
 * pihealthd} (docs/api.md, "Log view"). {@link #offer} only queues (bounded, never blocks); at most
 * {@value #PER_MINUTE} lines a minute are kept, and what did not fit the queue or the minute is
 * counted and reported in one more line when the minute is over ({@link LogRate}); {@link #run},
 * scheduled every second, stores what waits while the database is up and pushes it to the live
 * stream. A dead database loses nothing up to the queue's size and crashes nothing. Its own
 * problems go to the logger {@value #LOGGER}, which the forwarding leaves out, so it never feeds
 * itself.
 */
public final class OwnLines implements Runnable {
  /** The logger whose lines are never forwarded. */
  public static final String LOGGER = "logforward";

  static final int CAPACITY = 1000;
  static final int PER_ROUND = 500;

  /** At most this many own lines a minute reach the table; the rest are counted and reported. */
  static final int PER_MINUTE = 600;

  private static final Logger log = LoggerFactory.getLogger(LOGGER);

  private final BlockingQueue<LogLine> queue = new ArrayBlockingQueue<>(CAPACITY);
  private final AtomicLong dropped = new AtomicLong();
  private final LogStore store;
  private final String host;
  private final String source;
  private final EventFeed feed;
  private final BooleanSupplier databaseReady;
  private final Clock clock;
  private final LogRate rate;
  private List<LogLine> pending = List.of();
  private boolean failing;

  public OwnLines(
      LogStore store,
      String host,
      String source,
      EventFeed feed,
      BooleanSupplier databaseReady,
      Clock clock) {
    this.store = store;
    this.host = host;
    this.source = source;
    this.feed = feed;
    this.databaseReady = databaseReady;
    this.clock = clock;
    this.rate = new LogRate(PER_MINUTE, source);
  }

  /** Queues one line; never blocks (the logging thread's). */
  public void offer(long ts, String level, String text) {
    if (!queue.offer(new LogLine(source, level, ts, text))) {
      dropped.incrementAndGet();
    }
  }

  @Override
  public void run() {
    try {
      if (!databaseReady.getAsBoolean()) {
        return;
      }
      if (pending.isEmpty()) {
        List<LogLine> next = new ArrayList<>();
        queue.drainTo(next, PER_ROUND);
        long lost = dropped.getAndSet(0);
        pending =
            rate.admit(
                clock.instant(), next, lost > 0 ? Map.of(source + " queue", lost) : Map.of());
      }
      if (pending.isEmpty()) {
        return;
      }
      List<LogStore.Stored> stored = store.store(host, null, pending, clock.millis());
      pending = List.of();
      failing = false;
      feed.logs(stored);
    } catch (Exception e) {
      // Kept for the next round; said once per outage, never forwarded (see LOGGER).
      if (!failing) {
        log.warn("own lines: cannot store {} lines yet: {}", pending.size(), e.toString());
        failing = true;
      }
    }
  }
}
