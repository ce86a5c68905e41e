package io.botasky.agent.probe.http;

import io.botasky.agent.probe.ProbeException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The CAs verifying {@code [http:NAME]} probes check against, loaded on first use (a host with no
 * https section never reads the CA store) and then shared by those probes: it is immutable, and
 * each of ~150 CA certificates parsed once per section would cost the agent's small heap for
 * nothing. One per factory, never a JVM-wide default; each probe still has its own SSLContext.
 */
final class Trust {
  private final KeyStore anchors;
  private X509ExtendedTrustManager manager;

  /**
   * @param anchors the CAs to trust, or null for the JDK's default store
   */
  Trust(KeyStore anchors) {
    this.anchors = anchors;
  }

  synchronized X509ExtendedTrustManager manager() throws ProbeException {
    if (manager == null) {
      try {
        TrustManagerFactory tmf =
            TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(anchors);
        for (TrustManager tm : tmf.getTrustManagers()) {
          if (tm instanceof X509ExtendedTrustManager x) {
            manager = x;
          }
        }
      } catch (GeneralSecurityException e) {
        throw new ProbeException("cannot load the trusted CAs: " + e.getMessage(), e);
      }
      if (manager == null) {
        throw new ProbeException("the JDK offers no X.509 trust manager");
      }
    }
    return manager;
  }
}
