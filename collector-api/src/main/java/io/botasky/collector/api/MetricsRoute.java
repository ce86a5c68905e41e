package io.botasky.collector.api;

import io.botasky.collector.http.Handler;
import io.botasky.collector.http.Request;
import io.botasky.collector.http.Response;
import io.botasky.collector.ingest.Ingest;
import io.botasky.collector.ingest.SamplesWork;
import java.util.concurrent.CompletableFuture;

/** {@code POST /api/v1/metrics}: a batch of samples, stored once per batch_id. */
public final class MetricsRoute implements Handler {
  private final ApiContext ctx;
  private final Ingest ingest;
  private final AgentWrite write;

  public MetricsRoute(ApiContext ctx, Ingest ingest, AgentContacts contacts) {
    this.ctx = ctx;
    this.ingest = ingest;
    this.write = new AgentWrite(ctx, contacts);
  }

  @Override
  public CompletableFuture<Response> handle(Request r) {
    MetricsParser.Parsed p =
        write.accept(
            r, body -> MetricsParser.parse(body, ctx.json()::write), MetricsParser.Parsed::host);
    return IngestAnswers.of(
            () ->
                ingest.samples(
                    new SamplesWork(p.host(), p.batchId(), p.samples(), new CompletableFuture<>())))
        .thenApply(ctx::ok);
  }
}
