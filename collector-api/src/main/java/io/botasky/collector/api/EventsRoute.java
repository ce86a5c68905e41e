package io.botasky.collector.api;

import io.botasky.collector.auth.Access;
import io.botasky.collector.http.Handler;
import io.botasky.collector.http.Request;
import io.botasky.collector.http.Response;
import io.botasky.collector.ingest.Ingest;
import java.util.concurrent.CompletableFuture;

/** {@code POST /api/v1/events}: answered 200 once the events are committed. */
public final class EventsRoute implements Handler {
  private final ApiContext ctx;
  private final Ingest ingest;
  private final AgentContacts contacts;

  public EventsRoute(ApiContext ctx, Ingest ingest, AgentContacts contacts) {
    this.ctx = ctx;
    this.ingest = ingest;
    this.contacts = contacts;
  }

  @Override
  public CompletableFuture<Response> handle(Request r) {
    Access.Principal who = ctx.access().requireWriter(r);
    EventsParser.Parsed p = EventsParser.parse(ctx.json().object(r), ctx.clock().millis(), ctx.json()::write);
    Access.requireHost(who, p.host());
    contacts.seen(p.host(), r.remoteAddress());
    return ingest.events(p.host(), p.events()).thenApply(ctx::ok);
  }
}
