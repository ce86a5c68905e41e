package io.botasky.agent.probe.http;

import io.botasky.agent.probe.net.TimeLimits;
import java.net.URI;
import java.util.regex.Pattern;

/**
 * One {@code [http:NAME]} section, validated (docs/probes/http.md).
 *
 * @param expectBody null when the body is not checked
 * @param maxRedirects 0 when redirects are not followed
 */
public record HttpSettings(
    URI url,
    String method,
    StatusRanges expectStatus,
    Pattern expectBody,
    TimeLimits slow,
    TimeLimits cert,
    boolean tlsVerify,
    int maxRedirects) {

  /**
   * Redirects followed at most with {@code follow_redirects = true}, as curl's default is 50 and
   * blackbox_exporter's 10; five hops is already a misconfigured site.
   */
  public static final int MAX_REDIRECTS = 5;

  /** The body prefix the regex sees (the contract's "first 64 KiB"). */
  public static final int BODY_PREFIX = 64 * 1024;

  public boolean https() {
    return "https".equals(url.getScheme());
  }
}
