package io.botasky.collector.http;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands each request to the router on the dispatcher executor (JDBC blocks; Netty I/O threads must
 * not) and writes the answer back; a small body for a handler that never blocks ({@link
 * Handler#inline()}: the agents' events and heartbeats) is handled on the I/O thread itself, which
 * spares a thread hand-off per request. One instance per connection: requests a client pipelines
 * are answered strictly in order, one at a time — including those refused before a handler saw them
 * ({@link Rejected}) and malformed ones. A body is admitted by the size its parsed tree is expected
 * to take ({@link InFlight}), not by its bytes.
 */
final class HttpDispatcher extends ChannelInboundHandlerAdapter {
  private static final Logger log = LoggerFactory.getLogger("http");
  static final String UNMATCHED = "unmatched";

  /**
   * The largest body handled on the I/O thread: an agent's heartbeat or a few events are 1–4 KiB;
   * parsing this much takes tens of microseconds, which the connections sharing the thread can
   * wait. Larger bodies go to the dispatcher executor.
   */
  static final int INLINE_MAX_BODY = 16 * 1024;

  private final Router router;
  private final Executor executor;
  private final RequestObserver observer;
  private final InFlight inFlight;
  private final HttpLimited limited;
  private final Deque<Pending> queue = new ArrayDeque<>();
  private boolean busy;
  private boolean streaming;

  /**
   * The route {@link HeadGate} resolved for the request whose head it passed last, taken by the
   * request when it arrives whole: the pipeline hands a request's head, body and whole message on
   * in order, one request after another, so it is always that request's.
   */
  private Router.Match gated;

  /**
   * A request waiting for its turn; {@code preset} is its answer when it was refused before a
   * handler, {@code match} its route when the head gate resolved it.
   */
  private record Pending(
      Request request,
      boolean keepAlive,
      long startNanos,
      Response preset,
      String route,
      boolean gentle,
      Router.Match match) {
    String method() {
      return request.method();
    }
  }

  HttpDispatcher(
      Router router,
      Executor executor,
      RequestObserver observer,
      InFlight inFlight,
      HttpLimited limited) {
    this.router = router;
    this.executor = executor;
    this.observer = observer;
    this.inFlight = inFlight;
    this.limited = limited;
  }

  /** The route {@link HeadGate} resolved and checked for the head it passes on now. */
  void gated(Router.Match m) {
    gated = m;
  }

  /**
   * Whether a request is being handled: a client that sends another one before its answer
   * (pipelining) is then not read from until it is answered ({@link HeadGate}). Not on an event
   * stream, which keeps reading to notice at once a client that went away (its requests are
   * dropped).
   */
  boolean answering() {
    return busy && !streaming;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    long start = System.nanoTime();
    Router.Match m = gated;
    gated = null;
    Pending p;
    if (msg instanceof FullHttpRequest req) {
      try {
        if (req.decoderResult().isFailure()) {
          p =
              new Pending(
                  headOf(ctx, req),
                  false,
                  start,
                  ErrorBodies.of(400, null, "malformed HTTP request"),
                  UNMATCHED,
                  false,
                  null);
        } else {
          byte[] body = ByteBufUtil.getBytes(req.content());
          Router.Match whole = m == null ? null : m.withBody(body);
          Request request = whole != null ? whole.request() : headOf(ctx, req).withBody(body);
          String route = whole != null ? whole.name() : UNMATCHED;
          p = new Pending(request, HttpUtil.isKeepAlive(req), start, null, route, false, whole);
        }
      } finally {
        req.release();
      }
    } else if (msg instanceof Rejected r) {
      Request req =
          new Request(r.method(), "", Map.of(), Map.of(), new byte[0], r.remoteAddress(), Map.of());
      p = new Pending(req, r.keepAlive(), start, r.response(), r.route(), r.gentle(), null);
    } else {
      ReferenceCountUtil.release(msg);
      return;
    }
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
    // One request at a time per connection. Reading goes on meanwhile (turning it off and on for
    // every request cost two epoll_ctl calls each, docs/collector.md "Sizing and measured
    // throughput"); the head gate stops it when a client sends the next request before its answer.
    busy = true;
    if (p.preset != null) {
      write(ctx, p, p.preset, p.route);
      return;
    }
    byte[] body = p.request.body();
    long size = body.length;
    long parsed = ParsedSize.estimate(body);
    InFlight.Admission a = inFlight.enter(size, parsed);
    if (a != InFlight.Admission.ADMITTED) {
      write(ctx, p, refusal(a, p.request.remoteAddress()), routeName(p));
      return;
    }
    // The gate resolved the route on the head; without a gate (tests) a small body's route is
    // found here, a large one's on the executor.
    Router.Match m =
        p.match != null ? p.match : size <= INLINE_MAX_BODY ? matchOrNull(p.request) : null;
    if (m != null && m.handler().inline() && size <= INLINE_MAX_BODY) {
      handle(ctx, p, parsed, m);
      return;
    }
    try {
      executor.execute(() -> handle(ctx, p, parsed, m));
    } catch (RejectedExecutionException e) {
      inFlight.exit(size, parsed);
      limited.hit(HttpLimited.Limit.DISPATCHER_QUEUE, p.request.remoteAddress());
      write(ctx, p, ErrorBodies.of(new HttpError(429, null, "too many requests", 1)), routeName(p));
    }
  }

  private Response refusal(InFlight.Admission a, String peer) {
    return switch (a) {
      case NEVER -> {
        limited.hit(HttpLimited.Limit.MAX_INFLIGHT, peer);
        yield ErrorBodies.of(
            413, null, "request body would take more memory parsed than max_inflight allows");
      }
      case LARGE_BUSY -> {
        limited.hit(HttpLimited.Limit.MAX_INFLIGHT_LARGE, peer);
        yield ErrorBodies.of(new HttpError(429, null, "too many large requests at once", 1));
      }
      default -> {
        limited.hit(HttpLimited.Limit.MAX_INFLIGHT, peer);
        yield ErrorBodies.of(new HttpError(429, null, "too many large requests at once", 1));
      }
    };
  }

  /** The route pattern a request matches, for metrics; {@code unmatched} if none. */
  private String routeName(Pending p) {
    if (p.match != null) {
      return p.match.name();
    }
    try {
      return router.resolve(p.request).name();
    } catch (RuntimeException e) {
      return UNMATCHED;
    }
  }

  /** The route of {@code r}, or null when it has none (the executor then answers 404 or 405). */
  private Router.Match matchOrNull(Request r) {
    try {
      return router.resolve(r);
    } catch (RuntimeException e) {
      return null;
    }
  }

  /** Runs the handler of {@code p} ({@code resolved} when already known) and writes its answer. */
  private void handle(ChannelHandlerContext ctx, Pending p, long parsed, Router.Match resolved) {
    String[] route = {UNMATCHED};
    CompletableFuture<Response> answer;
    try {
      Router.Match m = resolved != null ? resolved : router.resolve(p.request);
      route[0] = m.name();
      answer = m.handler().handle(m.request());
    } catch (Throwable t) {
      answer = CompletableFuture.failedFuture(t);
    }
    answer.whenComplete(
        (resp, err) -> {
          Response r = err == null ? resp : toErrorResponse(p.request, err);
          ctx.channel()
              .eventLoop()
              .execute(
                  () -> {
                    inFlight.exit(p.request.body().length, parsed);
                    write(ctx, p, r, route[0]);
                  });
        });
  }

  private static Response toErrorResponse(Request req, Throwable err) {
    Throwable t =
        err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
    if (t instanceof HttpError he) {
      if (he.status() >= 500) {
        log.warn("{} {}: {} {}", req.method(), req.path(), he.status(), he.getMessage());
      } else {
        log.debug("{} {}: {} {}", req.method(), req.path(), he.status(), he.getMessage());
      }
      return ErrorBodies.of(he);
    }
    if (t instanceof Router.MethodNotAllowed mna) {
      return ErrorBodies.of(405, null, "method not allowed here").withHeader("Allow", mna.allow());
    }
    log.error("{} {}: internal error", req.method(), req.path(), t);
    return ErrorBodies.of(500, null, "internal error");
  }

  private void write(ChannelHandlerContext ctx, Pending p, Response r, String route) {
    if (r.stream() != null) {
      openStream(ctx, p, r, route);
      return;
    }
    boolean head = p.method().equals("HEAD");
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
    observer.answered(
        route,
        Methods.tag(p.method()),
        r.status(),
        System.nanoTime() - p.startNanos,
        p.request.remoteAddress());
    if (!keepAlive) {
      queue.clear();
      if (p.gentle) {
        ctx.writeAndFlush(resp).addListener(f -> closeGently(ctx));
      } else {
        ctx.writeAndFlush(resp).addListener(ChannelFutureListener.CLOSE);
      }
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

  /**
   * Closes a connection whose client may still be sending a body: half-closed first (the client
   * reads the answer and an end of stream), reading on so what still comes is dropped instead of
   * making the kernel reset the connection, then closed a moment later.
   */
  static void closeGently(ChannelHandlerContext ctx) {
    if (ctx.channel() instanceof DuplexChannel d && ctx.pipeline().get("ssl") == null) {
      d.shutdownOutput();
      ctx.channel().config().setAutoRead(true);
      ctx.executor().schedule(() -> ctx.close(), 2, TimeUnit.SECONDS);
    } else {
      ctx.close();
    }
  }

  /**
   * Sends the headers of an event stream and hands the connection to the stream's opener for good.
   */
  private void openStream(ChannelHandlerContext ctx, Pending p, Response r, String route) {
    DefaultHttpResponse resp =
        new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(r.status()));
    resp.headers().set(HttpHeaderNames.CONTENT_TYPE, r.contentType());
    resp.headers().set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
    r.headers().forEach((k, v) -> resp.headers().set(k, v));
    observer.answered(
        route,
        Methods.tag(p.method()),
        r.status(),
        System.nanoTime() - p.startNanos,
        p.request.remoteAddress());
    queue.clear();
    streaming = true;
    ctx.writeAndFlush(resp);
    // Keep reading: that is how a client that went away is noticed at once (requests are ignored).
    ctx.channel().config().setAutoRead(true);
    r.stream().open(new NettyEventStream(ctx.channel()));
  }

  /** The request as handlers see it, without its body (the head gate decides on this). */
  static Request headOf(ChannelHandlerContext ctx, HttpRequest msg) {
    QueryStringDecoder qs = new QueryStringDecoder(msg.uri());
    Map<String, String> headers = new HashMap<>();
    msg.headers()
        .forEach(e -> headers.putIfAbsent(e.getKey().toLowerCase(Locale.ROOT), e.getValue()));
    return new Request(
        msg.method().name(),
        qs.path(),
        qs.parameters(),
        headers,
        new byte[0],
        ConnectionGuard.peer(ctx.channel().remoteAddress()),
        Map.of());
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
    if (evt instanceof IdleStateEvent && !busy && !streaming) {
      limited.hit(
          HttpLimited.Limit.IDLE_TIMEOUT, ConnectionGuard.peer(ctx.channel().remoteAddress()));
      ctx.close();
    } else {
      super.userEventTriggered(ctx, evt);
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    // Resets and TLS noise from clients are routine; anything else is logged by Netty at debug.
    log.debug(
        "connection from {} failed: {}",
        ConnectionGuard.peer(ctx.channel().remoteAddress()),
        cause.toString());
    ctx.close();
  }
}
