package io.botasky.collector.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;

/** The dispatcher glue without sockets; ends with Netty's leak check. */
class HttpDispatcherTest {
  private final Router router =
      new Router()
          .add(
              "GET",
              "/hello/{name}",
              Handler.sync(
                  r -> Response.text(200, "text/plain", "hi " + r.pathParams().get("name"))))
          .add(
              "POST",
              "/fail",
              req -> CompletableFuture.failedFuture(new HttpError(400, "x", "bad x")))
          .add(
              "GET",
              "/boom",
              Handler.sync(
                  r -> {
                    throw new IllegalStateException("bug");
                  }));

  private EmbeddedChannel channel() {
    // Runs handlers inline so the test needs no threads.
    return channel(router, Runnable::run);
  }

  private static EmbeddedChannel channel(Router router, Executor executor) {
    return new EmbeddedChannel(
        new HttpDispatcher(
            router,
            executor,
            (route, m, s, n, a) -> {},
            new InFlight(48L << 20, 4L << 20),
            new HttpLimited(new SimpleMeterRegistry(), Clock.systemUTC())));
  }

  private static FullHttpRequest req(HttpMethod m, String uri) {
    DefaultFullHttpRequest r =
        new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, m, uri, Unpooled.EMPTY_BUFFER);
    r.headers().set(HttpHeaderNames.CONTENT_LENGTH, 0);
    return r;
  }

  private static FullHttpResponse answer(EmbeddedChannel ch, FullHttpRequest r) {
    ch.writeInbound(r);
    ch.runPendingTasks();
    return ch.readOutbound();
  }

  @Test
  void routesAndAnswersInOrder() {
    EmbeddedChannel ch = channel();
    FullHttpResponse a = answer(ch, req(HttpMethod.GET, "/hello/pi3?x=1"));
    assertThat(a.status().code()).isEqualTo(200);
    assertThat(a.content().toString(StandardCharsets.UTF_8)).isEqualTo("hi pi3");
    assertThat(a.headers().get(HttpHeaderNames.CONNECTION)).isEqualTo("keep-alive");
    a.release();

    FullHttpResponse b = answer(ch, req(HttpMethod.POST, "/fail"));
    assertThat(b.status().code()).isEqualTo(400);
    assertThat(b.content().toString(StandardCharsets.UTF_8))
        .isEqualTo("{\"error\":\"bad x\",\"field\":\"x\"}");
    b.release();

    FullHttpResponse c = answer(ch, req(HttpMethod.GET, "/boom"));
    assertThat(c.status().code()).isEqualTo(500);
    assertThat(c.content().toString(StandardCharsets.UTF_8))
        .contains("internal error")
        .doesNotContain("bug");
    c.release();

    FullHttpResponse d = answer(ch, req(HttpMethod.DELETE, "/hello/x"));
    assertThat(d.status().code()).isEqualTo(405);
    assertThat(d.headers().get("Allow")).isEqualTo("GET");
    d.release();

    FullHttpResponse e = answer(ch, req(HttpMethod.GET, "/nope"));
    assertThat(e.status().code()).isEqualTo(404);
    e.release();
    assertThat(ch.finishAndReleaseAll()).isFalse();
  }

  /** A handler that never blocks; what it was called with is recorded. */
  private static final class InlineHandler implements Handler {
    final List<Integer> bodies = new ArrayList<>();

    @Override
    public boolean inline() {
      return true;
    }

    @Override
    public CompletableFuture<Response> handle(Request r) {
      bodies.add(r.body().length);
      return CompletableFuture.completedFuture(Response.text(200, "text/plain", "ok"));
    }
  }

  @Test
  void smallBodiesOfInlineHandlersSkipTheExecutor() {
    InlineHandler events = new InlineHandler();
    Router r =
        new Router()
            .add("POST", "/events", events)
            .add("POST", "/other", Handler.sync(q -> Response.text(200, "text/plain", "ok")));
    List<Runnable> handedOff = new ArrayList<>();
    EmbeddedChannel ch =
        channel(
            r,
            task -> {
              handedOff.add(task);
              task.run();
            });

    FullHttpResponse small = answer(ch, post("/events", 2_000));
    assertThat(small.status().code()).isEqualTo(200);
    small.release();
    assertThat(events.bodies).containsExactly(2_000);
    assertThat(handedOff).as("handled on the I/O thread").isEmpty();

    FullHttpResponse large = answer(ch, post("/events", HttpDispatcher.INLINE_MAX_BODY + 1));
    assertThat(large.status().code()).isEqualTo(200);
    large.release();
    assertThat(handedOff).as("a large body goes to the executor").hasSize(1);

    FullHttpResponse other = answer(ch, post("/other", 10));
    assertThat(other.status().code()).isEqualTo(200);
    other.release();
    assertThat(handedOff).as("a handler that may block goes to the executor").hasSize(2);

    FullHttpResponse missing = answer(ch, post("/nope", 10));
    assertThat(missing.status().code()).isEqualTo(404);
    missing.release();
    assertThat(ch.finishAndReleaseAll()).isFalse();
  }

  private static FullHttpRequest post(String uri, int bodyBytes) {
    DefaultFullHttpRequest r =
        new DefaultFullHttpRequest(
            HttpVersion.HTTP_1_1,
            HttpMethod.POST,
            uri,
            Unpooled.wrappedBuffer(new byte[bodyBytes]));
    r.headers().set(HttpHeaderNames.CONTENT_LENGTH, bodyBytes);
    return r;
  }
}
