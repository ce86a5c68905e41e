package io.botasky.collector.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;

/**
 * Decides on the request head, before any of the body is buffered: the route must exist and take
 * the method (404/405), the caller must be allowed on it (401/403, by the access declared with the
 * route), a body must be one the route takes and fit {@code max_body} (413), and there must be room
 * for it among the bodies arriving now (429). A refused request's body is never aggregated: the
 * rest of it is dropped as it comes, and the connection is closed once the answer is out if a body
 * was still on its way (keep-alive otherwise).
 */
final class HeadGate extends ChannelInboundHandlerAdapter {
  private final Router router;
  private final HeadCheck check;
  private final InFlight inFlight;
  private final long maxBody;
  private final HttpLimited limited;
  private RequestDeadline deadline;
  private HttpDispatcher dispatcher;
  private long reserved;

  /** Dropping the rest of a refused request (until its last content). */
  private boolean discarding;

  /** Dropping everything: the connection closes once the answer is written. */
  private boolean closing;

  HeadGate(Router router, HeadCheck check, InFlight inFlight, long maxBody, HttpLimited limited) {
    this.router = router;
    this.check = check;
    this.inFlight = inFlight;
    this.maxBody = maxBody;
    this.limited = limited;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    deadline = ctx.pipeline().get(RequestDeadline.class);
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
    if (msg instanceof Rejected) {
      // The request deadline passed: whatever is still arriving is dropped.
      closing = true;
      release();
      ctx.fireChannelRead(msg);
      return;
    }
    if (closing) {
      ReferenceCountUtil.release(msg);
      return;
    }
    if (msg instanceof HttpRequest head) {
      onHead(ctx, head);
      return;
    }
    if (msg instanceof HttpContent c) {
      onContent(ctx, c);
      return;
    }
    ctx.fireChannelRead(msg);
  }

  private void onHead(ChannelHandlerContext ctx, HttpRequest head) {
    if (dispatcher == null) {
      // Added after this handler, so not there yet when this one was.
      dispatcher = ctx.pipeline().get(HttpDispatcher.class);
    }
    if (dispatcher != null && dispatcher.answering()) {
      // The client sends its next request before the answer to the last (pipelining): nothing
      // more is read from it until that answer is out, so it cannot queue bodies without bound.
      ctx.channel().config().setAutoRead(false);
    }
    if (deadline != null) {
      deadline.begin(ctx);
    }
    if (head.decoderResult().isFailure()) {
      // The dispatcher answers 400, in turn, and closes; the codec drops the rest.
      closing = true;
      if (deadline != null) {
        deadline.complete();
      }
      ctx.fireChannelRead(head);
      return;
    }
    Request r = HttpDispatcher.headOf(ctx, head);
    String route = "unmatched";
    long length = HttpUtil.getContentLength(head, -1L);
    boolean hasBody = length > 0 || HttpUtil.isTransferEncodingChunked(head);
    Router.Match m;
    try {
      m = router.resolve(r);
      route = m.name();
      if (check != null && m.access() != RouteAccess.PUBLIC) {
        check.check(m.access(), m.request());
      }
      if (hasBody && !m.access().takesBody()) {
        throw new HttpError(413, null, "this resource takes no request body");
      }
      if (length > maxBody) {
        limited.hit(HttpLimited.Limit.MAX_BODY, r.remoteAddress());
        throw new HttpError(413, null, "request body larger than max_body (" + maxBody + " bytes)");
      }
      long want = hasBody ? (length >= 0 ? length : maxBody) : 0;
      if (!inFlight.reserveArriving(want)) {
        limited.hit(HttpLimited.Limit.MAX_INFLIGHT_ARRIVING, r.remoteAddress());
        throw new HttpError(429, null, "too many request bodies arriving at once", 1);
      }
      reserved = want;
    } catch (HttpError e) {
      refuse(ctx, head, r, route, ErrorBodies.of(e), hasBody);
      return;
    } catch (Router.MethodNotAllowed e) {
      refuse(
          ctx,
          head,
          r,
          route,
          ErrorBodies.of(405, null, "method not allowed here").withHeader("Allow", e.allow()),
          hasBody);
      return;
    }
    if (dispatcher != null) {
      dispatcher.gated(m);
    }
    ctx.fireChannelRead(head);
    if (head instanceof LastHttpContent) {
      // A whole request in one message (not from the codec; tests): nothing more arrives for it.
      arrived();
    }
  }

  private void refuse(
      ChannelHandlerContext ctx,
      HttpRequest head,
      Request r,
      String route,
      Response answer,
      boolean hasBody) {
    boolean keepAlive = !hasBody && HttpUtil.isKeepAlive(head);
    closing = !keepAlive;
    if (head instanceof LastHttpContent whole) {
      whole.release();
    } else {
      discarding = true;
    }
    if (deadline != null) {
      deadline.complete();
    }
    ctx.fireChannelRead(
        new Rejected(answer, route, r.method(), r.remoteAddress(), keepAlive, hasBody));
  }

  private void onContent(ChannelHandlerContext ctx, HttpContent c) {
    boolean last = c instanceof LastHttpContent;
    if (discarding) {
      c.release();
      if (last) {
        discarding = false;
      }
      return;
    }
    ctx.fireChannelRead(c);
    if (last) {
      arrived();
    }
  }

  /**
   * The request arrived whole: the body now sits in one aggregated request, admitted (or not) by
   * its parsed size.
   */
  private void arrived() {
    if (deadline != null) {
      deadline.complete();
    }
    release();
  }

  private void release() {
    if (reserved > 0) {
      inFlight.releaseArriving(reserved);
      reserved = 0;
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    release();
    super.channelInactive(ctx);
  }
}
