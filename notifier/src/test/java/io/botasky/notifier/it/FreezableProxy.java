package io.botasky.notifier.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP forwarder to a real server that can be frozen: frozen, it accepts connections and never
 * answers, which is what a SIGSTOPped SMTP server looks like to a client.
 */
final class FreezableProxy implements AutoCloseable {
  private final ServerSocket server;
  private final int backend;
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private volatile boolean frozen;

  FreezableProxy(int backend) throws IOException {
    this(0, backend);
  }

  /** Listens on {@code port} (0 = any free one) and forwards to {@code backend} on loopback. */
  FreezableProxy(int port, int backend) throws IOException {
    this.backend = backend;
    this.server = new ServerSocket(port, 50, InetAddress.getLoopbackAddress());
    Thread t = new Thread(this::accept, "proxy-accept");
    t.setDaemon(true);
    t.start();
  }

  int port() {
    return server.getLocalPort();
  }

  void freeze(boolean on) {
    frozen = on;
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        sockets.add(client);
        if (frozen) {
          continue; // held open, never answered
        }
        Socket up = new Socket(InetAddress.getLoopbackAddress(), backend);
        sockets.add(up);
        pump(client.getInputStream(), up.getOutputStream());
        pump(up.getInputStream(), client.getOutputStream());
      } catch (IOException e) {
        // closed
      }
    }
  }

  private static void pump(InputStream in, OutputStream out) {
    Thread t =
        new Thread(
            () -> {
              byte[] buf = new byte[8192];
              try (in;
                  out) {
                for (int n; (n = in.read(buf)) > 0; ) {
                  out.write(buf, 0, n);
                  out.flush();
                }
              } catch (IOException e) {
                // either side closed
              }
            },
            "proxy-pump");
    t.setDaemon(true);
    t.start();
  }

  @Override
  public void close() throws IOException {
    server.close();
    for (Socket s : sockets) {
      s.close();
    }
  }
}
