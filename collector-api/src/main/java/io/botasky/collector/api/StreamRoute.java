package io.botasky.collector.api;

import io.botasky.collector.http.Handler;
import io.botasky.collector.http.HttpError;
import io.botasky.collector.http.Request;
import io.botasky.collector.http.Response;
import io.botasky.collector.live.EventFeed;

/** {@code GET /api/v1/stream}: the live feed as Server-Sent Events (events {@code alert}, {@code heartbeat}). */
public final class StreamRoute implements Handler.SyncHandler {
  private final ApiContext ctx;
  private final EventFeed feed;

  public StreamRoute(ApiContext ctx, EventFeed feed) {
    this.ctx = ctx;
    this.feed = feed;
  }

  @Override
  public Response handle(Request r) {
    ctx.access().requireRead(r);
    if (feed.full()) {
      throw new HttpError(429, null, "too many live-feed subscribers", 30);
    }
    return Response.eventStream(feed::subscribe);
  }
}
