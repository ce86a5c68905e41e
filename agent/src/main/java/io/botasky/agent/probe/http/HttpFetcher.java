package io.botasky.agent.probe.http;

import io.botasky.agent.probe.ProbeException;
import io.botasky.agent.probe.net.Connector;
import io.botasky.agent.probe.net.Deadline;
import io.botasky.agent.probe.net.Unreachable;
import io.botasky.agent.transport.HttpWire;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;

/**
 * The I/O of an {@code [http:NAME]} probe: one request per connection over the agent's own HTTP/1.1
 * pieces ({@link HttpWire}), redirects followed only when asked, everything within the round's
 * {@link Deadline}. TLS uses this probe's own SSLContext, built on first use (a probe of plain http
 * never loads JSSE), so {@code tls_verify = false} on one section never weakens another or the
 * agent's delivery to the collector. Not thread-safe: one per probe, used under its lock.
 */
final class HttpFetcher {
  private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);
  private static final Map<String, String> HEADERS =
      Map.of("User-Agent", "boagent", "Accept", "*/*");

  private final HttpSettings s;
  private final Trust trust;
  private SSLSocketFactory sockets;
  private CertCapture capture;

  /**
   * @param trust the CAs a verifying probe checks against
   */
  HttpFetcher(HttpSettings settings, Trust trust) {
    this.s = settings;
    this.trust = trust;
  }

  Fetch fetch(Deadline deadline) throws ProbeException {
    URI uri = s.url();
    String method = s.method();
    for (int hop = 0; ; hop++) {
      Exchange x;
      try {
        x = exchange(uri, method, deadline);
      } catch (Unreachable e) {
        X509Certificate leaf =
            e.step() == Unreachable.Step.TLS && capture != null ? capture.leaf() : null;
        return Fetch.failed(e, leaf, uri, deadline.elapsedMillis());
      }
      URI next = hop < s.maxRedirects() ? redirect(uri, x.answer) : null;
      if (next == null) {
        return new Fetch(
            null, x.answer.status(), x.answer.body(), deadline.elapsedMillis(), x.leaf, uri, hop);
      }
      if (x.answer.status() == 303) {
        method = "GET";
      }
      uri = next;
    }
  }

  private record Exchange(HttpWire.Answer answer, X509Certificate leaf) {}

  private Exchange exchange(URI uri, String method, Deadline deadline)
      throws Unreachable, ProbeException {
    boolean https = "https".equals(uri.getScheme());
    String host = HttpWire.bareHost(uri);
    int port = uri.getPort() >= 0 ? uri.getPort() : https ? 443 : 80;
    Socket plain = Connector.connect(host, port, deadline).socket();
    Socket io = plain;
    try {
      X509Certificate leaf = null;
      plain.setSoTimeout(deadline.remainingMillis());
      if (https) {
        SSLSocketFactory f = sockets();
        capture.reset();
        try {
          SSLSocket ssl = HttpWire.handshake(f, plain, host, port, s.tlsVerify());
          io = ssl;
          Certificate[] chain = ssl.getSession().getPeerCertificates();
          leaf = chain.length > 0 && chain[0] instanceof X509Certificate x ? x : null;
        } catch (IOException e) {
          throw Unreachable.of(e, "TLS handshake with " + host + ":" + port);
        }
      }
      OutputStream out = io.getOutputStream();
      out.write(HttpWire.requestHead(method, uri, HEADERS, -1));
      out.flush();
      HttpWire.Answer a =
          HttpWire.read(
              new BufferedInputStream(deadline.guard(io, io.getInputStream()), 4096),
              "HEAD".equals(method),
              HttpSettings.BODY_PREFIX,
              false);
      return new Exchange(a, leaf);
    } catch (IOException e) {
      Unreachable u = Unreachable.of(e, "waiting for the answer of " + host + ":" + port);
      throw u.step() == Unreachable.Step.NETWORK
          ? new Unreachable(Unreachable.Step.PROTOCOL, Unreachable.innermost(e), e)
          : u;
    } finally {
      Connector.close(io);
      Connector.close(plain);
    }
  }

  /** Where a redirect points, or null when the answer is not one we follow. */
  private static URI redirect(URI from, HttpWire.Answer a) {
    String location = a.headers().get("location");
    if (!REDIRECTS.contains(a.status()) || location == null) {
      return null;
    }
    try {
      URI next = from.resolve(location.strip());
      String scheme = next.getScheme() == null ? "" : next.getScheme().toLowerCase(Locale.ROOT);
      return (scheme.equals("http") || scheme.equals("https")) && next.getHost() != null
          ? next
          : null;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private SSLSocketFactory sockets() throws ProbeException {
    if (sockets == null) {
      capture = new CertCapture(s.tlsVerify() ? trust.manager() : null);
      try {
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, new TrustManager[] {capture}, null);
        sockets = ctx.getSocketFactory();
      } catch (GeneralSecurityException e) {
        throw new ProbeException("cannot set up TLS: " + e.getMessage(), e);
      }
    }
    return sockets;
  }
}
