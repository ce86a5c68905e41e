package io.botasky.agent.transport;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
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
  private static final int MAX_LINE = 8 * 1024;
  private static final int MAX_HEADERS = 100;

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
    boolean https = "https".equalsIgnoreCase(uri.getScheme());
    if (!https && !"http".equalsIgnoreCase(uri.getScheme())) {
      throw new IOException("not an http(s) URI: " + uri);
    }
    if (https && !tls) {
      throw new IOException("tls = false: this agent speaks plain HTTP only, not to " + uri);
    }
    Socket socket = new Socket();
    FutureTask<Reply> task =
        new FutureTask<>(() -> exchange(socket, https, uri, headers, body, timeout));
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
      boolean https,
      URI uri,
      Map<String, String> headers,
      byte[] body,
      Duration timeout)
      throws IOException {
    String host = uri.getHost();
    if (host == null) {
      throw new IOException("no host in " + uri);
    }
    String bare =
        host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    int port = uri.getPort() >= 0 ? uri.getPort() : https ? 443 : 80;
    try (Socket plain = socket) {
      plain.connect(
          new InetSocketAddress(bare, port),
          (int) Math.min(Integer.MAX_VALUE, connectTimeout.toMillis()));
      plain.setSoTimeout((int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
      try (Socket s = https ? tls(sslSockets.get(), plain, bare, port) : plain) {
        OutputStream out = s.getOutputStream();
        out.write(head(uri, host, port, headers, body.length));
        out.write(body);
        out.flush();
        return read(new BufferedInputStream(s.getInputStream(), 4096));
      }
    }
  }

  private static Socket tls(SSLSocketFactory factory, Socket plain, String host, int port)
      throws IOException {
    SSLSocket ssl = (SSLSocket) factory.createSocket(plain, host, port, true);
    // What the JDK HttpClient did too: the certificate must name the host we asked for.
    SSLParameters p = ssl.getSSLParameters();
    p.setEndpointIdentificationAlgorithm("HTTPS");
    ssl.setSSLParameters(p);
    ssl.startHandshake();
    return ssl;
  }

  private static byte[] head(
      URI uri, String host, int port, Map<String, String> headers, int length) {
    String target = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    if (uri.getRawQuery() != null) {
      target += "?" + uri.getRawQuery();
    }
    StringBuilder b = new StringBuilder(256);
    b.append("POST ").append(target).append(" HTTP/1.1\r\n");
    b.append("Host: ").append(host);
    if (uri.getPort() >= 0) {
      b.append(':').append(port);
    }
    b.append("\r\n");
    for (Map.Entry<String, String> h : headers.entrySet()) {
      b.append(h.getKey()).append(": ").append(h.getValue()).append("\r\n");
    }
    b.append("Content-Length: ").append(length).append("\r\nConnection: close\r\n\r\n");
    return b.toString().getBytes(StandardCharsets.ISO_8859_1);
  }

  static Reply read(InputStream in) throws IOException {
    while (true) {
      int status = status(line(in));
      Map<String, String> headers = headers(in);
      // 1xx answers are interim: the real one follows.
      if (status >= 200) {
        boolean empty = status == 204 || status == 304;
        return new Reply(status, headers, empty ? "" : body(in, headers));
      }
    }
  }

  private static int status(String line) throws IOException {
    // "HTTP/1.1 200 OK"; the reason phrase may be empty or missing.
    if (!line.startsWith("HTTP/1.") || line.length() < 12 || line.charAt(8) != ' ') {
      throw new IOException("not an HTTP/1.x status line: " + line);
    }
    try {
      return Integer.parseInt(line.substring(9, 12));
    } catch (NumberFormatException e) {
      throw new IOException("not an HTTP/1.x status line: " + line, e);
    }
  }

  private static Map<String, String> headers(InputStream in) throws IOException {
    Map<String, String> h = new HashMap<>();
    for (int n = 0; ; n++) {
      String line = line(in);
      if (line.isEmpty()) {
        return h;
      }
      int colon = line.indexOf(':');
      if (colon <= 0 || n >= MAX_HEADERS) {
        throw new IOException("malformed HTTP header: " + line);
      }
      h.putIfAbsent(
          line.substring(0, colon).strip().toLowerCase(Locale.ROOT),
          line.substring(colon + 1).strip());
    }
  }

  private static String body(InputStream in, Map<String, String> headers) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    String te = headers.get("transfer-encoding");
    String cl = headers.get("content-length");
    if (te != null && te.toLowerCase(Locale.ROOT).contains("chunked")) {
      long size;
      while ((size = chunkSize(line(in))) > 0) {
        copy(in, b, size);
        line(in);
      }
    } else if (cl != null) {
      try {
        copy(in, b, Long.parseLong(cl));
      } catch (NumberFormatException e) {
        throw new IOException("malformed Content-Length: " + cl, e);
      }
    } else {
      copy(in, b, Long.MAX_VALUE);
    }
    return b.toString(StandardCharsets.UTF_8);
  }

  private static long chunkSize(String line) throws IOException {
    int semi = line.indexOf(';');
    try {
      return Long.parseLong((semi < 0 ? line : line.substring(0, semi)).strip(), 16);
    } catch (NumberFormatException e) {
      throw new IOException("malformed chunk size: " + line, e);
    }
  }

  // Reads up to n bytes (to the end for Long.MAX_VALUE); keeps what fits under MAX_BODY.
  private static void copy(InputStream in, ByteArrayOutputStream to, long n) throws IOException {
    byte[] buf = new byte[4096];
    long left = n;
    while (left > 0) {
      int r = in.read(buf, 0, (int) Math.min(buf.length, left));
      if (r < 0) {
        if (n == Long.MAX_VALUE) {
          return;
        }
        throw new IOException("connection closed " + left + " bytes before the end of the answer");
      }
      int keep = Math.min(r, MAX_BODY - to.size());
      to.write(buf, 0, keep);
      left -= r;
    }
  }

  private static String line(InputStream in) throws IOException {
    StringBuilder b = new StringBuilder(64);
    int c;
    while ((c = in.read()) != '\n') {
      if (c < 0) {
        throw new IOException("connection closed in the middle of the answer");
      }
      if (b.length() >= MAX_LINE) {
        throw new IOException("HTTP header line longer than " + MAX_LINE + " bytes");
      }
      b.append((char) c);
    }
    int end = b.length();
    return end > 0 && b.charAt(end - 1) == '\r' ? b.substring(0, end - 1) : b.toString();
  }
}
