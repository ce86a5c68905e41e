package io.botasky.collector.http;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.timeout.IdleStateEvent;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands each request to the router on the dispatcher executor (JDBC blocks; Netty I/O threads must
 * not) and writes the answer back. One instance per connection: requests a client pipelines are
 * answered strictly in order, one at a time.
 */
final class HttpDispatcher extends SimpleChannelInboundHandler<FullHttpRequest> {
  private static final Logger log = LoggerFactory.getLogger("http");

  private final Router router;
  private final Executor executor;
  private final RequestObserver observer;
  private final InFlight inFlight;
  private final Deque<Pending> queue = new ArrayDeque<>();
  private boolean busy;
  private boolean streaming;

  private record Pending(Request request, boolean keepAlive, long startNanos) {}

  HttpDispatcher(Router router, Executor executor, RequestObserver observer, InFlight inFlight) {
    this.router = router;
    this.executor = executor;
    this.observer = observer;
    this.inFlight = inFlight;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest msg) {
    long start = System.nanoTime();
    boolean keepAlive = HttpUtil.isKeepAlive(msg);
    if (msg.decoderResult().isFailure()) {
      Pending p = new Pending(toRequest(ctx, msg), false, start);
      write(ctx, p, ErrorBodies.of(400, null, "malformed HTTP request"), "-");
      return;
    }
    Pending p = new Pending(toRequest(ctx, msg), keepAlive, start);
    if (streaming) {
      return;
    }
    if (busy) {
      queue.add(p);
    } else {
      dispatch(ctx, p);
    }
  }

  private void dispatch(ChannelHandlerContext ctx, Pending p) {
    busy = true;
    // One request at a time per connection: stop reading until it is answered, so a client that
    // pipelines cannot queue bodies here without bound.
    ctx.channel().config().setAutoRead(false);
    long size = p.request.body().length;
    if (!inFlight.enter(size)) {
      write(ctx, p, ErrorBodies.of(new HttpError(429, null, "too many large requests at once", 1)), "-");
      return;
    }
    try {
      executor.execute(() -> handle(ctx, p));
    } catch (RejectedExecutionException e) {
      inFlight.exit(size);
      write(ctx, p, ErrorBodies.of(new HttpError(429, null, "too many requests", 1)), "-");
    }
  }

  private void handle(ChannelHandlerContext ctx, Pending p) {
    String[] route = {"-"};
    CompletableFuture<Response> answer;
    try {
      Router.Match m = router.resolve(p.request);
      route[0] = m.name();
      answer = m.handler().handle(m.request());
    } catch (Throwable t) {
      answer = CompletableFuture.failedFuture(t);
    }
    answer.whenComplete(
        (resp, err) -> {
          Response r = err == null ? resp : toErrorResponse(p.request, err);
          ctx.channel().eventLoop().execute(() -> {
            inFlight.exit(p.request.body().length);
            write(ctx, p, r, route[0]);
          });
        });
  }

  private static Response toErrorResponse(Request req, Throwable err) {
    Throwable t = err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
    if (t instanceof HttpError he) {
      if (he.status() >= 500) {
        log.warn("{} {}: {} {}", req.method(), req.path(), he.status(), he.getMessage());
      } else {
        log.debug("{} {}: {} {}", req.method(), req.path(), he.status(), he.getMessage());
      }
      return ErrorBodies.of(he);
    }
    if (t instanceof Router.MethodNotAllowed mna) {
      return ErrorBodies.of(405, null, "method " + req.method() + " not allowed here").withHeader("Allow", mna.allow());
    }
    log.error("{} {}: internal error", req.method(), req.path(), t);
    return ErrorBodies.of(500, null, "internal error");
  }

  private void write(ChannelHandlerContext ctx, Pending p, Response r, String route) {
    if (r.stream() != null) {
      openStream(ctx, p, r, route);
      return;
    }
    boolean head = p.request.method().equals("HEAD");
    FullHttpResponse resp =
        new DefaultFullHttpResponse(
            HttpVersion.HTTP_1_1,
            HttpResponseStatus.valueOf(r.status()),
            head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(r.body()));
    resp.headers().set(HttpHeaderNames.CONTENT_TYPE, r.contentType());
    resp.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, r.body().length);
    r.headers().forEach((k, v) -> resp.headers().set(k, v));
    boolean keepAlive = p.keepAlive;
    if (keepAlive) {
      resp.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
    } else {
      resp.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    }
    observer.answered(route, p.request.method(), r.status(), System.nanoTime() - p.startNanos, p.request.remoteAddress());
    if (!keepAlive) {
      queue.clear();
      ctx.writeAndFlush(resp).addListener(ChannelFutureListener.CLOSE);
      return;
    }
    ctx.writeAndFlush(resp);
    busy = false;
    Pending next = queue.poll();
    if (next != null) {
      dispatch(ctx, next);
    } else {
      ctx.channel().config().setAutoRead(true);
    }
  }

  /** Sends the headers of an event stream and hands the connection to the stream's opener for good. */
  private void openStream(ChannelHandlerContext ctx, Pending p, Response r, String route) {
    DefaultHttpResponse resp = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(r.status()));
    resp.headers().set(HttpHeaderNames.CONTENT_TYPE, r.contentType());
    resp.headers().set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
    r.headers().forEach((k, v) -> resp.headers().set(k, v));
    observer.answered(route, p.request.method(), r.status(), System.nanoTime() - p.startNanos, p.request.remoteAddress());
    queue.clear();
    streaming = true;
    ctx.writeAndFlush(resp);
    // Keep reading: that is how a client that went away is noticed at once (requests are ignored).
    ctx.channel().config().setAutoRead(true);
    r.stream().open(new NettyEventStream(ctx.channel()));
  }

  private static Request toRequest(ChannelHandlerContext ctx, FullHttpRequest msg) {
    QueryStringDecoder qs = new QueryStringDecoder(msg.uri());
    Map<String, String> headers = new HashMap<>();
    msg.headers().forEach(e -> headers.putIfAbsent(e.getKey().toLowerCase(Locale.ROOT), e.getValue()));
    byte[] body = ByteBufUtil.getBytes(msg.content());
    return new Request(msg.method().name(), qs.path(), qs.parameters(), headers, body, address(ctx.channel().remoteAddress()), Map.of());
  }

  private static String address(SocketAddress a) {
    return a instanceof InetSocketAddress isa ? isa.getAddress().getHostAddress() : String.valueOf(a);
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
    if (evt instanceof IdleStateEvent && !busy && !streaming) {
      ctx.close();
    } else {
      super.userEventTriggered(ctx, evt);
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    // Resets and TLS noise from clients are routine; anything else is logged by Netty at debug.
    log.debug("connection from {} failed: {}", address(ctx.channel().remoteAddress()), cause.toString());
    ctx.close();
  }
}
