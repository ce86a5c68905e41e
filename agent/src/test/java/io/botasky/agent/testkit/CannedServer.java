package io.botasky.agent.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A loopback server for the [http] and [tcp] tests: for each connection it reads the request up to
 * {@code until} (nothing when empty: it speaks first, like a banner), writes the answer the
 * function gives for it ({@code null}: say nothing and hold the connection until the client
 * leaves), and closes. One connection at a time; the requests are kept.
 */
public final class CannedServer implements AutoCloseable {
  private final ServerSocket server;
  private final String until;
  private final Function<String, byte[]> answer;
  private final List<String> requests = new CopyOnWriteArrayList<>();
  private final Thread thread;

  /** On {@code port} (0: any free one) of 127.0.0.1. */
  public CannedServer(int port, String until, Function<String, byte[]> answer) throws IOException {
    this.server = new ServerSocket();
    server.setReuseAddress(true);
    server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
    this.until = until;
    this.answer = answer;
    this.thread = new Thread(this::serve, "canned-server-" + server.getLocalPort());
    thread.setDaemon(true);
    thread.start();
  }

  /** An HTTP server answering every request with {@code reply}. */
  public static CannedServer http(String reply) throws IOException {
    byte[] b = reply.getBytes(StandardCharsets.ISO_8859_1);
    return new CannedServer(0, "\r\n\r\n", r -> b);
  }

  public int port() {
    return server.getLocalPort();
  }

  public List<String> requests() {
    return requests;
  }

  private void serve() {
    while (!server.isClosed()) {
      try (Socket s = server.accept()) {
        s.setSoTimeout(10_000);
        String request = until.isEmpty() ? "" : read(s.getInputStream());
        requests.add(request);
        byte[] reply = answer.apply(request);
        if (reply == null) {
          s.getInputStream().read();
          continue;
        }
        s.getOutputStream().write(reply);
        s.getOutputStream().flush();
      } catch (SocketException e) {
        // Closed by the test, or the client went away early.
      } catch (IOException e) {
        // A client that gave up: serve the next one.
      }
    }
  }

  private String read(InputStream in) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    int c;
    while (b.size() < 8192 && (c = in.read()) >= 0) {
      b.write(c);
      if (b.toString(StandardCharsets.ISO_8859_1).endsWith(until)) {
        break;
      }
    }
    return b.toString(StandardCharsets.ISO_8859_1);
  }

  @Override
  public void close() throws IOException {
    server.close();
    try {
      thread.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
