package io.botasky.agent.probe.http;

import io.botasky.agent.probe.net.Unreachable;
import java.net.URI;
import java.security.cert.X509Certificate;

/**
 * What one round of an {@code [http:NAME]} probe got: an answer, or the step that failed. The
 * server's leaf certificate is kept in both cases (a handshake that failed on an expired
 * certificate still showed it).
 *
 * @param failure null when an answer arrived
 * @param body at most {@link HttpSettings#BODY_PREFIX} bytes
 * @param elapsedMillis from the start of the round to the end of the (prefix of the) body, every
 *     redirect included
 * @param leaf the last https hop's leaf certificate, or null
 * @param uri the URI that gave this answer (differs from the configured one after redirects)
 * @param redirects how many redirects were followed
 */
public record Fetch(
    Unreachable failure,
    int status,
    byte[] body,
    double elapsedMillis,
    X509Certificate leaf,
    URI uri,
    int redirects) {

  public static Fetch failed(Unreachable why, X509Certificate leaf, URI uri, double elapsed) {
    return new Fetch(why, 0, new byte[0], elapsed, leaf, uri, 0);
  }

  public boolean answered() {
    return failure == null;
  }
}
