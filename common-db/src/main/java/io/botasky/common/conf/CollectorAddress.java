package io.botasky.common.conf;

import java.nio.file.Path;
import javax.net.ssl.SSLContext;

/**
 * Where the local collector's API answers and how to talk to it as an admin, from pihealthd.conf:
 * {@code http(s)://127.0.0.1:<client_port>}, the {@code admin_token}, and {@code tls_cert} to pin
 * when TLS is on (docs/reference.md). The one resolution both the {@code botasky} CLI and boird's
 * {@code action} steps use.
 *
 * @param tlsCert the certificate to trust exactly, or null for plain HTTP
 */
public record CollectorAddress(String baseUrl, String adminToken, Path tlsCert) {

  /**
   * The collector on this machine, as {@code conf} describes it.
   *
   * @param url an explicit base URL (the CLI's {@code --url}) that wins over the port, or null
   */
  public static CollectorAddress local(PihealthdSettings conf, String url) {
    String base =
        url != null ? url : (conf.tls() ? "https" : "http") + "://127.0.0.1:" + conf.clientPort();
    return new CollectorAddress(base, conf.adminToken(), conf.tls() ? conf.tlsCert() : null);
  }

  /**
   * The TLS context trusting exactly {@link #tlsCert}, or null for plain HTTP.
   *
   * @throws Exception when the certificate cannot be read
   */
  public SSLContext sslContext() throws Exception {
    return tlsCert == null ? null : PinnedTrust.context(tlsCert);
  }
}
