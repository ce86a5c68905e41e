package io.botasky.collector.api;

import io.botasky.collector.http.Handler;
import io.botasky.collector.http.HttpError;
import io.botasky.collector.http.HttpLimited;
import io.botasky.collector.http.Request;
import io.botasky.collector.http.Response;
import io.botasky.collector.live.EventFeed;
import io.botasky.collector.live.PeerSlots;

/**
 * {@code GET /api/v1/stream}: the live feed as Server-Sent Events (events {@code alert}, {@code
 * heartbeat}). At most {@code max_streams_per_peer} open from one address (429 past it), so one
 * address cannot take the feed's whole pool.
 */
public final class StreamRoute implements Handler.SyncHandler {
  private final ApiContext ctx;
  private final EventFeed feed;
  private final PeerSlots slots;
  private final HttpLimited limited;

  public StreamRoute(ApiContext ctx, EventFeed feed, PeerSlots slots, HttpLimited limited) {
    this.ctx = ctx;
    this.feed = feed;
    this.slots = slots;
    this.limited = limited;
  }

  @Override
  public Response handle(Request r) {
    ctx.access().requireRead(r);
    if (feed.full()) {
      throw new HttpError(429, null, "too many live-feed subscribers", 30);
    }
    String peer = r.remoteAddress();
    if (!slots.acquire(peer)) {
      limited.hit(HttpLimited.Limit.MAX_STREAMS_PER_PEER, peer);
      throw new HttpError(429, null, "too many live-feed streams from this address", 30);
    }
    return Response.eventStream(
        stream -> {
          stream.onClose(() -> slots.release(peer));
          feed.subscribe(stream);
        });
  }
}
