package io.botasky.collector.ingest;

import io.botasky.collector.inventory.InventoryUpdate;
import io.botasky.collector.store.HostSql;
import io.botasky.common.wire.HeartbeatAnswer;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * A heartbeat: refreshes the host row, ends a host_down, and applies the host's service inventory
 * ({@code inventory}, null when the agent sent none) in the same transaction.
 */
public record HeartbeatWork(
    HostSql.HostRow row,
    Set<String> vipsHeld,
    InventoryUpdate inventory,
    CompletableFuture<HeartbeatAnswer> done)
    implements AlertWork {
  /** A heartbeat without an inventory. */
  public HeartbeatWork(
      HostSql.HostRow row, Set<String> vipsHeld, CompletableFuture<HeartbeatAnswer> done) {
    this(row, vipsHeld, null, done);
  }

  @Override
  public int weight() {
    return 1;
  }

  @Override
  public void fail(Throwable t) {
    done.completeExceptionally(t);
  }
}
