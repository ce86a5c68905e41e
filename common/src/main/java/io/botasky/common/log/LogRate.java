package io.botasky.common.log;

import io.botasky.common.wire.LogLine;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A per-minute limit on log-view lines (the agent's {@code log_rate}, the collector's own lines):
 * at most that many lines pass in each minute (a window opened by the first line after the previous
 * one closed); the rest are dropped and counted per source. When a window with drops has closed,
 * one more line says how many went, under {@code reportSource} at level {@code warning}
 * (docs/probes/logfile.md, "Forwarding"). Pure apart from its window: the time comes in with every
 * call. Not thread-safe: one thread only.
 */
public final class LogRate {
  static final Duration WINDOW = Duration.ofMinutes(1);

  private final int perMinute;
  private final String reportSource;
  private Instant windowStart;
  private int used;
  private final Map<String, Long> dropped = new TreeMap<>();

  public LogRate(int perMinute, String reportSource) {
    this.perMinute = perMinute;
    this.reportSource = reportSource;
  }

  /**
   * Whether a call without lines would return nothing, whatever the time: no drops wait for their
   * report (a window without drops closes unseen at the next line).
   */
  public boolean idle() {
    return dropped.isEmpty();
  }

  /**
   * The lines of {@code in} to forward at {@code now}, after the report of the window that just
   * closed if it dropped any. {@code alreadyDropped} are lines lost before the limit (a full
   * queue), counted in the same report.
   */
  public List<LogLine> admit(Instant now, List<LogLine> in, Map<String, Long> alreadyDropped) {
    List<LogLine> out = new ArrayList<>();
    if (windowStart != null && !now.isBefore(windowStart.plus(WINDOW))) {
      if (!dropped.isEmpty()) {
        out.add(report(now));
        dropped.clear();
      }
      windowStart = null;
    }
    alreadyDropped.forEach((k, v) -> dropped.merge(k, v, Long::sum));
    if (windowStart == null && (!in.isEmpty() || !dropped.isEmpty())) {
      windowStart = now;
      used = 0;
    }
    for (LogLine l : in) {
      if (used < perMinute) {
        out.add(l);
        used++;
      } else {
        dropped.merge(l.source(), 1L, Long::sum);
      }
    }
    return out;
  }

  private LogLine report(Instant now) {
    long total = dropped.values().stream().mapToLong(Long::longValue).sum();
    StringBuilder b =
        new StringBuilder()
            .append(total)
            .append(total == 1 ? " line" : " lines")
            .append(" not kept for the log view in the minute from ")
            .append(windowStart)
            .append(" (limit ")
            .append(perMinute)
            .append(" a minute):");
    dropped.forEach((k, v) -> b.append(' ').append(k).append(' ').append(v).append(','));
    b.setLength(b.length() - 1);
    return new LogLine(reportSource, "warning", now.toEpochMilli(), b.toString());
  }
}
