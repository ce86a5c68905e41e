package io.botasky.collector.http;

import io.botasky.common.conf.HttpLimits;
import io.botasky.common.lifecycle.NamedThreadFactory;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.timeout.IdleStateHandler;
import java.net.InetSocketAddress;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The collector's HTTP(S) server: {@code [ssl] → guard (connections) → deadline (request_timeout) →
 * codec → gate (route, token, body admission on the head) → aggregator (max_body, 413) → idle →
 * dispatcher}, with handlers run on a separate bounded executor because they block on JDBC.
 */
public final class HttpServer {
  /** Lifecycle states, as in netty-http's NettyHttpService. */
  public enum State {
    NOT_STARTED,
    RUNNING,
    STOPPED,
    FAILED
  }

  private final String bindAddress;
  private final int port;
  private final int maxBody;
  private final SslContext ssl;
  private final Router router;
  private final RequestObserver observer;
  private final int dispatcherThreads;
  private final HttpLimits limits;
  private final HeadCheck check;
  private final HttpLimited limited;
  private final InFlight inFlight;
  private final Connections connections;
  private EventLoopGroup boss;
  private EventLoopGroup workers;
  private ThreadPoolExecutor dispatcher;
  private Channel serverChannel;
  private volatile State state = State.NOT_STARTED;

  /**
   * @param check decides from a request's head whether its caller may use the matched route
   * @param limited counts and logs every time a limit refuses something
   */
  public HttpServer(
      String bindAddress,
      int port,
      int maxBody,
      SslContext ssl,
      Router router,
      RequestObserver observer,
      int dispatcherThreads,
      HttpLimits limits,
      HeadCheck check,
      HttpLimited limited) {
    this.bindAddress = bindAddress;
    this.port = port;
    this.maxBody = maxBody;
    this.ssl = ssl;
    this.router = router;
    this.observer = observer;
    this.dispatcherThreads = dispatcherThreads;
    this.limits = limits;
    this.check = check;
    this.limited = limited;
    this.inFlight = new InFlight(limits.maxInflight(), limits.arrivingBudget(maxBody));
    this.connections = new Connections(limits.maxConnections(), limits.maxConnectionsPerPeer());
  }

  /**
   * Thrown by {@link #start} when the address cannot be bound (in use, not local, no permission).
   */
  public static final class BindFailure extends Exception {
    private static final long serialVersionUID = 1L;

    public BindFailure(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** Binds and starts serving; on failure releases what it took and rethrows. */
  public synchronized void start() throws InterruptedException, BindFailure {
    if (state != State.NOT_STARTED) {
      throw new IllegalStateException("server already " + state);
    }
    boss =
        new MultiThreadIoEventLoopGroup(
            1, new NamedThreadFactory("pihealthd-accept", true), NioIoHandler.newFactory());
    workers =
        new MultiThreadIoEventLoopGroup(
            2, new NamedThreadFactory("pihealthd-io", true), NioIoHandler.newFactory());
    // Bounded: past it the dispatcher answers 429 instead of queueing without end.
    dispatcher =
        new ThreadPoolExecutor(
            dispatcherThreads,
            dispatcherThreads,
            60,
            TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(4096),
            new NamedThreadFactory("pihealthd-api", true));
    try {
      ServerBootstrap b =
          new ServerBootstrap()
              .group(boss, workers)
              .channel(NioServerSocketChannel.class)
              .option(ChannelOption.SO_BACKLOG, 1024)
              .childOption(ChannelOption.TCP_NODELAY, true)
              .childHandler(
                  new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                      ChannelPipeline p = ch.pipeline();
                      if (ssl != null) {
                        p.addLast("ssl", ssl.newHandler(ch.alloc()));
                      }
                      p.addLast("guard", new ConnectionGuard(connections, limited));
                      p.addLast(
                          "deadline",
                          new RequestDeadline(limits.requestTimeout().toMillis(), limited));
                      p.addLast("codec", new HttpServerCodec());
                      p.addLast("gate", new HeadGate(router, check, inFlight, maxBody, limited));
                      p.addLast("aggregator", new BoundedAggregator(maxBody, limited));
                      p.addLast(
                          "idle",
                          new IdleStateHandler(
                              0, 0, limits.idleTimeout().toMillis(), TimeUnit.MILLISECONDS));
                      p.addLast(
                          "dispatcher",
                          new HttpDispatcher(router, dispatcher, observer, inFlight, limited));
                    }
                  });
      serverChannel = b.bind(new InetSocketAddress(bindAddress, port)).sync().channel();
      state = State.RUNNING;
    } catch (InterruptedException | RuntimeException e) {
      state = State.FAILED;
      release(0);
      throw e;
    } catch (Exception e) {
      // Netty rethrows the bind's checked exception (BindException, SocketException) undeclared.
      state = State.FAILED;
      release(0);
      throw new BindFailure(
          "cannot listen on " + bindAddress + ":" + port + ": " + e.getMessage(), e);
    }
  }

  /** The port actually bound (useful with port 0 in tests). */
  public int boundPort() {
    return ((InetSocketAddress) serverChannel.localAddress()).getPort();
  }

  public State state() {
    return state;
  }

  /** Stops accepting, lets requests in flight finish (up to {@code graceMillis}), then closes. */
  public synchronized void stop(long graceMillis) {
    if (state != State.RUNNING) {
      return;
    }
    state = State.STOPPED;
    if (serverChannel != null) {
      serverChannel.close().awaitUninterruptibly(1000);
    }
    try {
      inFlight.awaitIdle(graceMillis, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    release(500);
  }

  private void release(long quietMillis) {
    if (dispatcher != null) {
      dispatcher.shutdown();
    }
    if (workers != null) {
      workers
          .shutdownGracefully(0, Math.max(quietMillis, 100), TimeUnit.MILLISECONDS)
          .awaitUninterruptibly(2000);
    }
    if (boss != null) {
      boss.shutdownGracefully(0, 100, TimeUnit.MILLISECONDS).awaitUninterruptibly(2000);
    }
  }
}
