package io.botasky.agent.probe.http;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The trust decision of one {@code [http:NAME]} probe, remembering the server's leaf certificate
 * first so that its expiry can be judged even when the handshake then fails (an expired or
 * untrusted certificate). With no delegate ({@code tls_verify = false}) every chain is accepted;
 * this object belongs to one probe's own SSLContext and is never installed as the JVM's default.
 */
final class CertCapture extends X509ExtendedTrustManager {
  private final X509ExtendedTrustManager delegate;
  private volatile X509Certificate leaf;

  /**
   * @param delegate the real check, or null to accept any certificate
   */
  CertCapture(X509ExtendedTrustManager delegate) {
    this.delegate = delegate;
  }

  /** The leaf seen by the last full handshake since {@link #reset}, or null. */
  X509Certificate leaf() {
    return leaf;
  }

  void reset() {
    leaf = null;
  }

  private void see(X509Certificate[] chain) {
    if (chain != null && chain.length > 0) {
      leaf = chain[0];
    }
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    see(chain);
    if (delegate != null) {
      delegate.checkServerTrusted(chain, authType, socket);
    }
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    see(chain);
    if (delegate != null) {
      delegate.checkServerTrusted(chain, authType, engine);
    }
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType)
      throws CertificateException {
    see(chain);
    if (delegate != null) {
      delegate.checkServerTrusted(chain, authType);
    }
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    throw new CertificateException("a probe does not accept client connections");
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    throw new CertificateException("a probe does not accept client connections");
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType)
      throws CertificateException {
    throw new CertificateException("a probe does not accept client connections");
  }

  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return delegate != null ? delegate.getAcceptedIssuers() : new X509Certificate[0];
  }
}
