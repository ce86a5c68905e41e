package io.botasky.agent.logs;

import io.botasky.agent.spool.Spool;
import io.botasky.common.log.LogRate;
import io.botasky.common.wire.LogLine;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves queued log lines into the spool, through the {@code log_rate} limit, every second or so:
 * they are written with the buffered samples as one batch (docs/agent-spool.md) and the deliverer
 * is woken. Its own problems are logged by the logger {@value #LOGGER}, which the forwarding
 * appender leaves out, so a failing pump cannot feed itself.
 */
public final class LogPump implements Runnable {
  /** The logger whose lines are never forwarded. */
  public static final String LOGGER = "logforward";

  private static final Logger log = LoggerFactory.getLogger(LOGGER);
  private final LogQueue queue;
  private final LogRate rate;
  private final Spool spool;
  private final Runnable wake;
  private final Clock clock;

  public LogPump(LogQueue queue, LogRate rate, Spool spool, Runnable wake, Clock clock) {
    this.queue = queue;
    this.rate = rate;
    this.spool = spool;
    this.wake = wake;
    this.clock = clock;
  }

  @Override
  public void run() {
    try {
      if (queue.isEmpty() && rate.idle()) {
        // The common case, every second: nothing queued, no drop report due.
        return;
      }
      LogQueue.Drained d = queue.drain();
      List<LogLine> out = rate.admit(clock.instant(), d.lines(), d.dropped());
      if (!out.isEmpty()) {
        spool.addLogs(out);
        spool.flush();
        wake.run();
      }
    } catch (Throwable t) {
      log.error("forward: cannot move log lines to the spool, will keep running", t);
    }
  }
}
