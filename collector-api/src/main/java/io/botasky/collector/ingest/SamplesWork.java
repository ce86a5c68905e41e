package io.botasky.collector.ingest;

import io.botasky.collector.store.SampleSql;
import io.botasky.common.wire.EventsResponse;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** One metrics batch; answered with the samples accepted (0 and duplicates=n for a resend). */
public record SamplesWork(
    String host,
    String batchId,
    List<SampleSql.SampleRow> samples,
    CompletableFuture<EventsResponse> done)
    implements BatchWriter.Work {
  @Override
  public int weight() {
    return Math.max(1, samples.size());
  }

  @Override
  public void fail(Throwable t) {
    done.completeExceptionally(t);
  }
}
