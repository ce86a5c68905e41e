package io.botasky.collector.ingest;

import java.util.function.Predicate;

/**
 * A tick of the host watch for one partition: the states of its hosts are read again from the
 * database (heartbeats other collectors stored, host_down alerts the leader raised), and, when
 * {@code fence} is set and still holds in the transaction, host_down is raised for the silent and
 * ended for the returned (docs/collector.md, "Several collectors").
 *
 * @param fence the watch lease it was decided under; null on a standby (states read only)
 * @param ownsHost which hosts belong to the partition the tick is for
 */
public record HostCheckWork(WatchLease.Fence fence, Predicate<String> ownsHost)
    implements AlertWork {
  /** The same tick with its fence dropped: the lease moved on, the states are only read. */
  public HostCheckWork readOnly() {
    return new HostCheckWork(null, ownsHost);
  }

  @Override
  public int weight() {
    return 1;
  }

  @Override
  public void fail(Throwable t) {
    // Nobody waits for a tick; the next one tries again.
  }
}
