package io.botasky.collector.http;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.DefaultHttpContent;
import java.nio.charset.StandardCharsets;

/** An {@link EventStream} over a Netty channel in chunked mode. */
final class NettyEventStream implements EventStream {
  private final Channel channel;

  NettyEventStream(Channel channel) {
    this.channel = channel;
  }

  @Override
  public boolean send(String event, String data) {
    StringBuilder sb = new StringBuilder("event: ").append(event).append('\n');
    for (String line : data.split("\n", -1)) {
      sb.append("data: ").append(line).append('\n');
    }
    return write(sb.append('\n').toString());
  }

  @Override
  public boolean ping() {
    return write(": ping\n\n");
  }

  private boolean write(String text) {
    if (!channel.isActive()) {
      return false;
    }
    // A client that does not read would make the server buffer without end: drop it instead.
    if (!channel.isWritable()) {
      channel.close();
      return false;
    }
    channel.writeAndFlush(
        new DefaultHttpContent(Unpooled.copiedBuffer(text, StandardCharsets.UTF_8)));
    return true;
  }

  @Override
  public boolean isOpen() {
    return channel.isActive();
  }

  @Override
  public void onClose(Runnable r) {
    channel.closeFuture().addListener(f -> r.run());
  }
}
