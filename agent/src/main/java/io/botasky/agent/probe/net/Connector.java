package io.botasky.agent.probe.net;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.UnknownHostException;

/**
 * Resolves a host and connects to the first of its addresses that answers, within a round's {@link
 * Deadline}; every failure is an {@link Unreachable} naming its step.
 */
public final class Connector {
  private Connector() {}

  /** A connected socket and how long the connect itself took (DNS excluded). */
  public record Connected(Socket socket, double connectMillis) {}

  public static Connected connect(String host, int port, Deadline deadline) throws Unreachable {
    InetAddress[] addresses;
    try {
      addresses = InetAddress.getAllByName(host);
    } catch (UnknownHostException e) {
      throw new Unreachable(Unreachable.Step.DNS, "cannot resolve " + host, e);
    }
    IOException last = null;
    for (InetAddress a : addresses) {
      Socket s = new Socket();
      try {
        double before = deadline.elapsedMillis();
        s.connect(new InetSocketAddress(a, port), deadline.remainingMillis());
        return new Connected(s, deadline.elapsedMillis() - before);
      } catch (IOException e) {
        close(s);
        last = e;
        if (deadline.passed()) {
          break;
        }
      }
    }
    throw Unreachable.of(last, "connect to " + host + ":" + port);
  }

  public static void close(Socket s) {
    try {
      s.close();
    } catch (IOException e) {
      // Nothing left to release.
    }
  }
}
