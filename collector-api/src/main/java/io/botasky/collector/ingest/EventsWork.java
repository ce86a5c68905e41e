package io.botasky.collector.ingest;

import io.botasky.common.wire.EventsResponse;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** A request's events (or the collector's own), answered with accepted and duplicate counts. */
public record EventsWork(String host, List<ValidEvent> events, CompletableFuture<EventsResponse> done)
    implements AlertWork {
  @Override
  public int weight() {
    return Math.max(1, events.size());
  }

  @Override
  public void fail(Throwable t) {
    done.completeExceptionally(t);
  }
}
