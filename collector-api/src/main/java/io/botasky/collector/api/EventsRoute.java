package io.botasky.collector.api;

import io.botasky.collector.http.Handler;
import io.botasky.collector.http.Request;
import io.botasky.collector.http.Response;
import io.botasky.collector.ingest.Ingest;
import java.util.concurrent.CompletableFuture;

/** {@code POST /api/v1/events}: answered 200 once the events are committed. */
public final class EventsRoute implements Handler {
  private final ApiContext ctx;
  private final Ingest ingest;
  private final AgentWrite write;

  public EventsRoute(ApiContext ctx, Ingest ingest, AgentContacts contacts) {
    this.ctx = ctx;
    this.ingest = ingest;
    this.write = new AgentWrite(ctx, contacts);
  }

  /**
   * Token check, parse and a place in its writer's queue: nothing here blocks, so a small body is
   * handled on the I/O thread ({@link Handler#inline()}).
   */
  @Override
  public boolean inline() {
    return true;
  }

  @Override
  public CompletableFuture<Response> handle(Request r) {
    EventsParser.Parsed p =
        write.accept(
            r,
            body -> EventsParser.parse(body, ctx.clock().millis(), ctx.json()::write),
            EventsParser.Parsed::host);
    return IngestAnswers.of(() -> ingest.events(p.host(), p.events())).thenApply(ctx::ok);
  }
}
