package io.botasky.agent.transport;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * One entry of {@code [agent] master}: a collector's host and port (docs/agent.md, "Several
 * masters"). An entry is {@code host}, {@code host:port}, {@code [v6]} or {@code [v6]:port}; a bare
 * IPv6 literal ({@code ::1}, two colons or more) is a host alone, as a single master has always
 * been. Without a port, {@code [agent] port} applies.
 */
public record MasterAddress(String host, int port) {

  /**
   * Parses {@code entry}; throws IllegalArgumentException with the message for the config error.
   */
  public static MasterAddress parse(String entry, int defaultPort) {
    String e = entry.strip();
    if (e.isEmpty()) {
      throw new IllegalArgumentException("empty entry in the list of masters");
    }
    String host = e;
    String port = null;
    if (e.startsWith("[")) {
      int close = e.indexOf(']');
      if (close < 0) {
        throw new IllegalArgumentException("'" + e + "' has no closing ]");
      }
      host = e.substring(1, close);
      String rest = e.substring(close + 1);
      if (!rest.isEmpty()) {
        if (!rest.startsWith(":")) {
          throw new IllegalArgumentException("'" + e + "': only :port may follow ]");
        }
        port = rest.substring(1);
      }
    } else if (e.indexOf(':') >= 0 && e.indexOf(':') == e.lastIndexOf(':')) {
      host = e.substring(0, e.indexOf(':'));
      port = e.substring(e.indexOf(':') + 1);
    }
    int p = defaultPort;
    if (port != null) {
      if (!port.matches("[0-9]{1,5}")
          || Integer.parseInt(port) < 1
          || Integer.parseInt(port) > 65535) {
        throw new IllegalArgumentException("'" + e + "': port must be 1 to 65535");
      }
      p = Integer.parseInt(port);
    }
    MasterAddress a = new MasterAddress(host, p);
    // What the transport will connect to must be a URI host, or the agent would fail at its first
    // request instead of at load.
    try {
      URI u = a.base(false);
      if (u.getHost() == null || host.isEmpty()) {
        throw new IllegalArgumentException("'" + e + "' is not a host name or address");
      }
    } catch (URISyntaxException ex) {
      throw new IllegalArgumentException("'" + e + "' is not a host name or address", ex);
    }
    return a;
  }

  /** The collector's base URL, {@code http(s)://host:port}. */
  public URI base(boolean tls) throws URISyntaxException {
    String h = host.contains(":") ? "[" + host + "]" : host;
    return new URI((tls ? "https" : "http") + "://" + h + ":" + port);
  }

  /** The same collector whatever the case of its name: what duplicates are found by. */
  public String key() {
    return host.toLowerCase(Locale.ROOT) + "|" + port;
  }

  /** As shown in log lines: {@code host:port}, an IPv6 literal in brackets. */
  @Override
  public String toString() {
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }
}
