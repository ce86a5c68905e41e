package io.botasky.notifier.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * An SMTP forwarder to a real server that answers {@code 550} to RCPT TO of one address, as a
 * server that does not know that user would. SMTP without pipelining is lock-step, so a line proxy
 * is enough.
 */
final class SmtpRejecter implements AutoCloseable {
  private final ServerSocket server;
  private final int backend;
  private final String rejected;

  SmtpRejecter(int backend, String rejected) throws IOException {
    this.backend = backend;
    this.rejected = rejected.toLowerCase(Locale.ROOT);
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread t = new Thread(this::accept, "rejecter-accept");
    t.setDaemon(true);
    t.start();
  }

  int port() {
    return server.getLocalPort();
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        Socket up = new Socket(InetAddress.getLoopbackAddress(), backend);
        Thread down = new Thread(() -> copy(up, client), "rejecter-down");
        down.setDaemon(true);
        down.start();
        Thread upward = new Thread(() -> lines(client, up), "rejecter-up");
        upward.setDaemon(true);
        upward.start();
      } catch (IOException e) {
        // closed
      }
    }
  }

  private void lines(Socket client, Socket up) {
    try (BufferedReader in =
            new BufferedReader(
                new InputStreamReader(client.getInputStream(), StandardCharsets.ISO_8859_1));
        OutputStream toServer = up.getOutputStream();
        OutputStream toClient = client.getOutputStream()) {
      for (String line; (line = in.readLine()) != null; ) {
        String l = line.toLowerCase(Locale.ROOT);
        if (l.startsWith("rcpt to:") && l.contains(rejected)) {
          synchronized (client) {
            toClient.write(
                "550 5.1.1 <nobody>: Recipient address rejected: User unknown\r\n"
                    .getBytes(StandardCharsets.ISO_8859_1));
            toClient.flush();
          }
          continue;
        }
        toServer.write((line + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        toServer.flush();
      }
    } catch (IOException e) {
      // either side closed
    }
  }

  private static void copy(Socket from, Socket to) {
    try (InputStream in = from.getInputStream()) {
      OutputStream out = to.getOutputStream();
      byte[] buf = new byte[8192];
      for (int n; (n = in.read(buf)) > 0; ) {
        synchronized (to) {
          out.write(buf, 0, n);
          out.flush();
        }
      }
    } catch (IOException e) {
      // either side closed
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
