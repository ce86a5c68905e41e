package io.botasky.agent.transport;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import javax.net.ssl.SSLSocketFactory;

/**
 * Just enough HTTP/1.1 for the agent's POSTs: one request per connection ({@code Connection:
 * close}), a Content-Length, chunked or read-to-the-end answer. It replaces the JDK HttpClient,
 * whose selector thread, some 380 classes and their compiled code were several MB of the agent's 48
 * MB budget (docs/agent.md, "Footprint") for one request every few seconds. TLS is only initialised
 * for an {@code https} URI, so a {@code tls = false} agent never loads JSSE.
 */
public final class HttpTransport {
  // The answer's body only ends up in a log line or a set-aside reason: a bound keeps a confused
  // peer from filling the agent's small heap.
  private static final int MAX_BODY = 64 * 1024;

  private final boolean tls;
  private final Duration connectTimeout;
  private final Executor executor;
  private final Supplier<SSLSocketFactory> sslSockets;

  /** What the server answered; header names in lower case, the first value of each. */
  public record Reply(int status, Map<String, String> headers, String body) {}

  /**
   * @param tls whether {@code https} URIs are allowed ({@code tls = true}); with false they are
   *     refused
   * @param executor runs the exchanges, one at a time, so that a caller can give up on one
   *     (timeout, interrupt) by closing its socket
   */
  public HttpTransport(boolean tls, Duration connectTimeout, Executor executor) {
    // A supplier, so that JSSE is not even loaded until an https URI is used.
    this(tls, connectTimeout, executor, () -> (SSLSocketFactory) SSLSocketFactory.getDefault());
  }

  /** With the TLS setup given (tests: a factory that trusts their own certificate). */
  HttpTransport(
      boolean tls,
      Duration connectTimeout,
      Executor executor,
      Supplier<SSLSocketFactory> sslSockets) {
    this.tls = tls;
    this.connectTimeout = connectTimeout;
    this.executor = executor;
    this.sslSockets = sslSockets;
  }

  /**
   * POSTs {@code body} to {@code uri} with {@code headers}. Throws IOException when the server
   * cannot be reached, breaks the protocol, or has not answered within {@code timeout};
   * interruptible.
   */
  public Reply post(URI uri, Map<String, String> headers, byte[] body, Duration timeout)
      throws IOException, InterruptedException {
    return send("POST", uri, headers, body, timeout);
  }

  /**
   * GETs {@code uri} (the action client's long poll, docs/agent.md, "Controlled actions"); as
   * {@link #post} otherwise.
   */
  public Reply get(URI uri, Map<String, String> headers, Duration timeout)
      throws IOException, InterruptedException {
    return send("GET", uri, headers, null, timeout);
  }

  private Reply send(
      String method, URI uri, Map<String, String> headers, byte[] body, Duration timeout)
      throws IOException, InterruptedException {
    boolean https = "https".equalsIgnoreCase(uri.getScheme());
    if (!https && !"http".equalsIgnoreCase(uri.getScheme())) {
      throw new IOException("not an http(s) URI: " + uri);
    }
    if (https && !tls) {
      throw new IOException("tls = false: this agent speaks plain HTTP only, not to " + uri);
    }
    Socket socket = new Socket();
    FutureTask<Reply> task =
        new FutureTask<>(() -> exchange(socket, method, https, uri, headers, body, timeout));
    try {
      executor.execute(task);
    } catch (RejectedExecutionException e) {
      throw new IOException("HTTP thread stopped", e);
    }
    try {
      return task.get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      abandon(task, socket);
      throw e;
    } catch (TimeoutException e) {
      abandon(task, socket);
      throw new IOException("no answer within " + timeout.toSeconds() + " s", e);
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      throw c instanceof IOException io ? io : new IOException(String.valueOf(c), c);
    }
  }

  // Closing the socket is what unblocks the exchange: socket I/O does not heed interrupts.
  private static void abandon(FutureTask<Reply> task, Socket socket) {
    task.cancel(true);
    try {
      socket.close();
    } catch (IOException e) {
      // Already broken: nothing left to release.
    }
  }

  private Reply exchange(
      Socket socket,
      String method,
      boolean https,
      URI uri,
      Map<String, String> headers,
      byte[] body,
      Duration timeout)
      throws IOException {
    String bare = HttpWire.bareHost(uri);
    if (bare == null) {
      throw new IOException("no host in " + uri);
    }
    int port = uri.getPort() >= 0 ? uri.getPort() : https ? 443 : 80;
    try (Socket plain = socket) {
      plain.connect(
          new InetSocketAddress(bare, port),
          (int) Math.min(Integer.MAX_VALUE, connectTimeout.toMillis()));
      plain.setSoTimeout((int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
      // What the JDK HttpClient did too: the certificate must name the host we asked for.
      try (Socket s =
          https ? HttpWire.handshake(sslSockets.get(), plain, bare, port, true) : plain) {
        OutputStream out = s.getOutputStream();
        out.write(HttpWire.requestHead(method, uri, headers, body == null ? -1 : body.length));
        if (body != null) {
          out.write(body);
        }
        out.flush();
        return read(new BufferedInputStream(s.getInputStream(), 4096));
      }
    }
  }

  /** Reads the collector's answer: the body kept up to 64 KiB, the rest read and dropped. */
  static Reply read(InputStream in) throws IOException {
    HttpWire.Answer a = HttpWire.read(in, false, MAX_BODY, true);
    return new Reply(a.status(), a.headers(), new String(a.body(), StandardCharsets.UTF_8));
  }
}
