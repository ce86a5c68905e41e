package io.botasky.collector.ingest;

import io.botasky.collector.store.HostSql;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/** A heartbeat: refreshes the host row and ends a host_down. */
public record HeartbeatWork(HostSql.HostRow row, Set<String> vipsHeld, CompletableFuture<Void> done)
    implements AlertWork {
  @Override
  public int weight() {
    return 1;
  }

  @Override
  public void fail(Throwable t) {
    done.completeExceptionally(t);
  }
}
