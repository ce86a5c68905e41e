package io.botasky.collector.api;

import io.botasky.collector.auth.Access;
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
  private final AgentContacts contacts;

  public MetricsRoute(ApiContext ctx, Ingest ingest, AgentContacts contacts) {
    this.ctx = ctx;
    this.ingest = ingest;
    this.contacts = contacts;
  }

  @Override
  public CompletableFuture<Response> handle(Request r) {
    Access.Principal who = ctx.access().requireWriter(r);
    MetricsParser.Parsed p = MetricsParser.parse(ctx.json().object(r), ctx.json()::write);
    Access.requireHost(who, p.host());
    contacts.seen(p.host(), r.remoteAddress());
    return ingest.samples(new SamplesWork(p.host(), p.batchId(), p.samples(), new CompletableFuture<>())).thenApply(ctx::ok);
  }
}
