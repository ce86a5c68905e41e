package io.botasky.collector.http;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.util.concurrent.TimeUnit;

/**
 * Netty's aggregator with the contract's JSON 413 instead of its plain-text one. The connection
 * ends after the answer, since the rest of the oversized body is still on the wire — but gently:
 * closing at once while the client still sends makes the kernel reset the connection, and the client
 * may lose the 413 it was about to read. So our side is half-closed first (the client reads the answer
 * and an end of stream), the rest of the body is discarded, and the channel closes a moment later.
 */
final class BoundedAggregator extends HttpObjectAggregator {
  private final long maxBody;

  BoundedAggregator(int maxBody) {
    super(maxBody);
    this.maxBody = maxBody;
  }

  @Override
  protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
    Response r = ErrorBodies.of(413, null, "request body larger than max_body (" + maxBody + " bytes)");
    FullHttpResponse resp =
        new DefaultFullHttpResponse(
            HttpVersion.HTTP_1_1, HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, Unpooled.wrappedBuffer(r.body()));
    resp.headers().set(HttpHeaderNames.CONTENT_TYPE, r.contentType());
    resp.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, r.body().length);
    resp.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    ctx.writeAndFlush(resp).addListener(f -> {
      if (ctx.channel() instanceof DuplexChannel d && ctx.pipeline().get("ssl") == null) {
        d.shutdownOutput();
      }
      ctx.executor().schedule(() -> ctx.close(), 2, TimeUnit.SECONDS);
    });
  }
}
