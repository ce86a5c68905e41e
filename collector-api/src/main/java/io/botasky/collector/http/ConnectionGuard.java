package io.botasky.collector.http;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DuplexChannel;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * First in every connection's pipeline (after TLS, so the refusal is readable): counts it against
 * {@code max_connections} and {@code max_connections_per_peer}. Past either, the client gets a 503
 * with {@code Retry-After: 5} and the connection is closed; nothing it sends is read.
 */
final class ConnectionGuard extends ChannelInboundHandlerAdapter {
  private static final String BODY = "{\"error\":\"too many connections\"}";
  private static final byte[] REFUSAL =
      ("HTTP/1.1 503 Service Unavailable\r\n"
              + "Content-Type: application/json; charset=utf-8\r\n"
              + "Retry-After: 5\r\n"
              + "Connection: close\r\n"
              + "Content-Length: "
              + BODY.length()
              + "\r\n\r\n"
              + BODY)
          .getBytes(StandardCharsets.US_ASCII);

  private final Connections connections;
  private final HttpLimited limited;
  private String peer;
  private boolean admitted;

  ConnectionGuard(Connections connections, HttpLimited limited) {
    this.connections = connections;
    this.limited = limited;
  }

  static String peer(SocketAddress a) {
    return a instanceof InetSocketAddress isa && isa.getAddress() != null
        ? isa.getAddress().getHostAddress()
        : String.valueOf(a);
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) throws Exception {
    peer = peer(ctx.channel().remoteAddress());
    Connections.Refusal refusal = connections.open(peer);
    if (refusal == null) {
      admitted = true;
      super.channelActive(ctx);
      return;
    }
    limited.hit(
        refusal == Connections.Refusal.TOTAL
            ? HttpLimited.Limit.MAX_CONNECTIONS
            : HttpLimited.Limit.MAX_CONNECTIONS_PER_PEER,
        peer);
    ctx.writeAndFlush(Unpooled.wrappedBuffer(REFUSAL))
        .addListener(
            f -> {
              if (ctx.channel() instanceof DuplexChannel d && ctx.pipeline().get("ssl") == null) {
                // Half-close, so a client still sending its request reads the 503 instead of a
                // reset.
                d.shutdownOutput();
                ctx.executor().schedule(() -> ctx.close(), 1, TimeUnit.SECONDS);
              } else {
                ctx.close();
              }
            });
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (admitted) {
      ctx.fireChannelRead(msg);
    } else {
      ReferenceCountUtil.release(msg);
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    if (admitted) {
      admitted = false;
      connections.close(peer);
      super.channelInactive(ctx);
    }
  }
}
