package io.botasky.collector.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpRequest;

/**
 * Netty's aggregator with the contract's JSON 413 instead of its plain-text one. A body that
 * declares its length is refused on its head ({@link HeadGate}); this catches a chunked body that
 * grows past {@code max_body}. The answer goes down the pipeline as a {@link Rejected}, so it comes
 * in its turn behind requests still being handled; the rest of the body is dropped and the
 * connection closed gently once the answer is out.
 */
final class BoundedAggregator extends HttpObjectAggregator {
  private final long maxBody;
  private final HttpLimited limited;

  BoundedAggregator(int maxBody, HttpLimited limited) {
    super(maxBody);
    this.maxBody = maxBody;
    this.limited = limited;
  }

  @Override
  protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
    String peer = ConnectionGuard.peer(ctx.channel().remoteAddress());
    limited.hit(HttpLimited.Limit.MAX_BODY, peer);
    String method = oversized instanceof HttpRequest r ? Methods.tag(r.method().name()) : "OTHER";
    Response r =
        ErrorBodies.of(413, null, "request body larger than max_body (" + maxBody + " bytes)");
    ctx.fireChannelRead(new Rejected(r, HttpDispatcher.UNMATCHED, method, peer, false, true));
  }
}
