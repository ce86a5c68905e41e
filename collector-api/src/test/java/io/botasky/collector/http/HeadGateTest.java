package io.botasky.collector.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.timeout.IdleStateHandler;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The whole per-connection pipeline on an EmbeddedChannel: what is decided on the head, and in what
 * order answers go.
 */
class HeadGateTest {
  static final String TOKEN = "agent-token-0123456789";
  final CompletableFuture<Response> slow = new CompletableFuture<>();
  final List<String> observed = new ArrayList<>();
  final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  final HttpLimited limited = new HttpLimited(registry, Clock.systemUTC());
  final InFlight inFlight = new InFlight(48L << 20, 4L << 20);
  int bodiesSeen;

  final Router router =
      new Router()
          .add("GET", "/healthz", Handler.sync(r -> Response.text(200, "text/plain", "ok")))
          .add("GET", "/slow", r -> slow)
          .add("GET", "/stream", Handler.sync(r -> Response.eventStream(stream -> {})))
          .add(
              "POST",
              "/write",
              RouteAccess.AGENT,
              Handler.sync(
                  r -> {
                    bodiesSeen++;
                    return Response.text(200, "text/plain", "got " + r.body().length);
                  }));

  final HeadCheck check =
      (access, head) -> {
        if (access == RouteAccess.AGENT && !head.bearerToken().filter(TOKEN::equals).isPresent()) {
          throw new HttpError(401, null, "missing bearer token");
        }
      };

  EmbeddedChannel channel(long requestTimeoutMillis) {
    return new EmbeddedChannel(
        new ConnectionGuard(new Connections(16, 4), limited),
        new RequestDeadline(requestTimeoutMillis, limited),
        new HttpServerCodec(),
        new HeadGate(router, check, inFlight, 1 << 20, limited),
        new BoundedAggregator(1 << 20, limited),
        new IdleStateHandler(0, 0, 60, TimeUnit.SECONDS),
        new HttpDispatcher(
            router,
            Runnable::run,
            (route, m, s, n, a) -> observed.add(route + " " + m + " " + s),
            inFlight,
            limited));
  }

  static void send(EmbeddedChannel ch, String text) {
    ch.writeInbound(Unpooled.copiedBuffer(text, StandardCharsets.ISO_8859_1));
    ch.runPendingTasks();
  }

  static String answers(EmbeddedChannel ch) {
    StringBuilder sb = new StringBuilder();
    for (Object o; (o = ch.readOutbound()) != null; ) {
      ByteBuf b = (ByteBuf) o;
      sb.append(b.toString(StandardCharsets.ISO_8859_1));
      b.release();
    }
    return sb.toString();
  }

  @Test
  void writeWithoutTokenIsRefusedOnItsHeadBeforeTheBodyArrives() {
    EmbeddedChannel ch = channel(30_000);
    send(
        ch,
        "POST /write HTTP/1.1\r\n"
            + "Host: x\r\n"
            + "Content-Type: application/json\r\n"
            + "Content-Length: 1000000\r\n\r\n");
    String out = answers(ch);
    assertThat(out)
        .startsWith("HTTP/1.1 401 ")
        .contains("connection: close")
        .contains("missing bearer token");
    // The body that follows is dropped as it comes, never handed on (on a socket the connection is
    // half-closed and drained for a moment; an EmbeddedChannel is closed at once).
    if (ch.isOpen()) {
      send(ch, "x".repeat(100_000));
    }
    assertThat(bodiesSeen).isZero();
    assertThat(answers(ch)).isEmpty();
    ch.finishAndReleaseAll();
  }

  @Test
  void writeWithTokenIsHandled() {
    EmbeddedChannel ch = channel(30_000);
    send(
        ch,
        "POST /write HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
            + TOKEN
            + "\r\nContent-Length: 2\r\n\r\n{}");
    assertThat(answers(ch)).startsWith("HTTP/1.1 200 ").endsWith("got 2");
    assertThat(observed).containsExactly("/write POST 200");
    assertThat(ch.finishAndReleaseAll()).isFalse();
  }

  @Test
  void madeUpMethodsAndPathsNeverBecomeTags() {
    EmbeddedChannel ch = channel(30_000);
    send(
        ch,
        "M0000001X /write HTTP/1.1\r\n"
            + "Host: x\r\n\r\n"
            + "M0000002X /nowhere/1 HTTP/1.1\r\n"
            + "Host: x\r\n\r\n");
    String out = answers(ch);
    assertThat(out).contains("HTTP/1.1 405 ").contains("HTTP/1.1 404 ");
    assertThat(observed).containsExactly("unmatched OTHER 405", "unmatched OTHER 404");
    assertThat(ch.isActive()).as("a bodiless refusal keeps the connection").isTrue();
    assertThat(ch.finishAndReleaseAll()).isFalse();
  }

  @Test
  void malformedRequestPipelinedBehindASlowOneIsAnsweredAfterIt() {
    EmbeddedChannel ch = channel(30_000);
    send(
        ch,
        "GET /slow HTTP/1.1\r\n"
            + "Host: x\r\n\r\n"
            + "GET /healthz HTTP/1.1\r\n"
            + "Host: x\r\n"
            + "Content-Length: nonsense\r\n\r\n");
    assertThat(answers(ch)).as("nothing before the slow one answers").isEmpty();
    slow.complete(Response.text(200, "text/plain", "slow done"));
    ch.runPendingTasks();
    String out = answers(ch);
    assertThat(out.indexOf("slow done")).isGreaterThan(0);
    assertThat(out.indexOf("HTTP/1.1 400 "))
        .as("400 after the slow answer: " + out)
        .isGreaterThan(out.indexOf("slow done"));
    ch.finishAndReleaseAll();
  }

  @Test
  void readingPausesOnlyWhileAPipeliningClientWaitsForAnAnswer() {
    EmbeddedChannel ch = channel(30_000);
    send(ch, "GET /slow HTTP/1.1\r\nHost: x\r\n\r\n");
    assertThat(ch.config().isAutoRead())
        .as("one request at a time is the usual client: nothing to pause")
        .isTrue();
    send(
        ch,
        "POST /write HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
            + TOKEN
            + "\r\nContent-Length: 2\r\n\r\n{}");
    assertThat(ch.config().isAutoRead()).as("the next request came before the answer").isFalse();
    assertThat(bodiesSeen).isZero();
    slow.complete(Response.text(200, "text/plain", "slow done"));
    ch.runPendingTasks();
    String out = answers(ch);
    assertThat(out.indexOf("got 2")).isGreaterThan(out.indexOf("slow done"));
    assertThat(observed).containsExactly("/slow GET 200", "/write POST 200");
    assertThat(ch.config().isAutoRead()).as("both answered: reading again").isTrue();
    ch.finishAndReleaseAll();
  }

  @Test
  void anEventStreamKeepsReadingWhateverTheClientSends() {
    EmbeddedChannel ch = channel(30_000);
    send(ch, "GET /stream HTTP/1.1\r\nHost: x\r\n\r\n");
    assertThat(answers(ch)).startsWith("HTTP/1.1 200 ").contains("text/event-stream");
    send(ch, "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
    assertThat(ch.config().isAutoRead())
        .as("reading on is how a client that went away is noticed")
        .isTrue();
    assertThat(answers(ch)).as("requests on a stream are dropped").isEmpty();
    ch.finishAndReleaseAll();
  }

  @Test
  void aBodyThatDoesNotArriveInTimeGets408() throws Exception {
    EmbeddedChannel ch = channel(1_000);
    send(
        ch,
        "POST /write HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
            + TOKEN
            + "\r\nContent-Length: 1000\r\n\r\n{\"a\":");
    assertThat(answers(ch)).isEmpty();
    ch.advanceTimeBy(2, TimeUnit.SECONDS);
    ch.runScheduledPendingTasks();
    ch.runPendingTasks();
    assertThat(answers(ch)).startsWith("HTTP/1.1 408 ");
    assertThat(limited.count(HttpLimited.Limit.REQUEST_TIMEOUT)).isEqualTo(1);
    assertThat(bodiesSeen).isZero();
    ch.finishAndReleaseAll();
    // Its reservation among arriving bodies was given back.
    assertThat(inFlight.reserveArriving(4L << 20)).isTrue();
  }

  @Test
  void bodiesBeyondTheArrivingBudgetAre429OnTheHead() {
    EmbeddedChannel a = channel(30_000);
    EmbeddedChannel b = channel(30_000);
    String head =
        "POST /write HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
            + TOKEN
            + "\r\nContent-Length: 900000\r\n\r\n";
    for (int i = 0; i < 4; i++) {
      assertThat(inFlight.reserveArriving(900_000)).isTrue();
    }
    send(a, head);
    assertThat(answers(a)).startsWith("HTTP/1.1 429 ").containsIgnoringCase("retry-after: 1");
    assertThat(limited.count(HttpLimited.Limit.MAX_INFLIGHT_ARRIVING)).isEqualTo(1);
    inFlight.releaseArriving(900_000);
    send(b, head);
    assertThat(answers(b)).as("room again").isEmpty();
    a.finishAndReleaseAll();
    b.finishAndReleaseAll();
  }

  @Test
  void aChunkedBodyGrowingPastMaxBodyIs413AfterTheSlowRequestBeforeIt() {
    EmbeddedChannel ch = channel(30_000);
    String chunk = Integer.toHexString(600_000) + "\r\n" + "x".repeat(600_000) + "\r\n";
    send(
        ch,
        "GET /slow HTTP/1.1\r\n"
            + "Host: x\r\n\r\n"
            + "POST /write HTTP/1.1\r\n"
            + "Host: x\r\n"
            + "Authorization: Bearer "
            + TOKEN
            + "\r\nTransfer-Encoding: chunked\r\n\r\n"
            + chunk
            + chunk);
    assertThat(answers(ch)).isEmpty();
    slow.complete(Response.text(200, "text/plain", "slow done"));
    ch.runPendingTasks();
    String out = answers(ch);
    assertThat(out.indexOf("HTTP/1.1 413 ")).as(out).isGreaterThan(out.indexOf("slow done"));
    assertThat(limited.count(HttpLimited.Limit.MAX_BODY)).isEqualTo(1);
    assertThat(bodiesSeen).isZero();
    ch.finishAndReleaseAll();
  }

  @Test
  void aBodyOnAReadIsRefused() {
    EmbeddedChannel ch = channel(30_000);
    send(ch, "GET /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello");
    assertThat(answers(ch)).startsWith("HTTP/1.1 413 ");
    ch.finishAndReleaseAll();
  }

  @Test
  void connectionsPastThePerPeerLimitGet503() {
    Connections c = new Connections(3, 2);
    assertThat(c.open("a")).isNull();
    assertThat(c.open("a")).isNull();
    assertThat(c.open("a")).isEqualTo(Connections.Refusal.PER_PEER);
    assertThat(c.open("b")).isNull();
    assertThat(c.open("c")).isEqualTo(Connections.Refusal.TOTAL);
    c.close("a");
    assertThat(c.open("c")).isNull();
    assertThat(c.open()).isEqualTo(3);
  }
}
