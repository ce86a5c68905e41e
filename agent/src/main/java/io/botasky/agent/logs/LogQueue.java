package io.botasky.agent.logs;

import io.botasky.common.wire.LogLine;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Lines waiting to be forwarded to the collector's log view: offered by {@code [logfile:*]}
 * sections and by the agent's own WARN/ERROR log lines, taken by {@link LogPump}. Bounded: past
 * {@code capacity} a line is counted as dropped (per source) instead of queued, and {@link #offer}
 * never blocks, so a logging thread is never held up. Thread-safe.
 */
public final class LogQueue {
  private final int capacity;
  private final ArrayDeque<LogLine> lines = new ArrayDeque<>();
  private final Map<String, Long> dropped = new TreeMap<>();

  public LogQueue(int capacity) {
    this.capacity = capacity;
  }

  /** What {@link #drain} took: the lines, and how many of each source did not fit. */
  public record Drained(List<LogLine> lines, Map<String, Long> dropped) {}

  /** Queues {@code line}; false (and counted) when the queue is full. */
  public synchronized boolean offer(LogLine line) {
    if (lines.size() >= capacity) {
      dropped.merge(line.source(), 1L, Long::sum);
      return false;
    }
    lines.addLast(line);
    return true;
  }

  /** Whether nothing is queued and nothing was dropped since the last drain. */
  public synchronized boolean isEmpty() {
    return lines.isEmpty() && dropped.isEmpty();
  }

  /** Everything queued, oldest first, and the drop counts since the last drain. */
  public synchronized Drained drain() {
    Drained d = new Drained(new ArrayList<>(lines), Map.copyOf(dropped));
    lines.clear();
    dropped.clear();
    return d;
  }
}
