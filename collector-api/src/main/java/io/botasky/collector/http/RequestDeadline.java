package io.botasky.collector.http;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * {@code request_timeout}: a request must arrive whole, head and body, within this long of its
 * first byte. Sits before the codec to see the first byte; {@link HeadGate} tells it when a request
 * is complete. Past the deadline the request is answered 408 (in its turn, through the dispatcher)
 * and the connection closed — a client sending a byte now and then cannot hold a connection and its
 * half-received body for minutes.
 */
final class RequestDeadline extends ChannelInboundHandlerAdapter {
  private final long timeoutMillis;
  private final HttpLimited limited;
  private ScheduledFuture<?> timer;
  private boolean expired;

  RequestDeadline(long timeoutMillis, HttpLimited limited) {
    this.timeoutMillis = timeoutMillis;
    this.limited = limited;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
    if (msg instanceof ByteBuf b && b.isReadable()) {
      begin(ctx);
    }
    super.channelRead(ctx, msg);
  }

  /** Starts the clock for a request, unless it already runs. */
  void begin(ChannelHandlerContext ctx) {
    if (timer == null && !expired) {
      timer = ctx.executor().schedule(() -> expire(ctx), timeoutMillis, TimeUnit.MILLISECONDS);
    }
  }

  /** The request arrived whole (or was answered early): stops the clock. */
  void complete() {
    if (timer != null) {
      timer.cancel(false);
      timer = null;
    }
  }

  private void expire(ChannelHandlerContext ctx) {
    timer = null;
    expired = true;
    String peer = ConnectionGuard.peer(ctx.channel().remoteAddress());
    limited.hit(HttpLimited.Limit.REQUEST_TIMEOUT, peer);
    Response r = ErrorBodies.of(408, null, "request not received within request_timeout");
    ctx.fireChannelRead(new Rejected(r, "unmatched", "OTHER", peer, false, true));
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    complete();
    super.channelInactive(ctx);
  }
}
