package io.botasky.collector.http;

import java.util.Set;

/**
 * HTTP methods as a metric tag: the standard ones as they are, anything a client made up as {@code
 * OTHER}.
 */
final class Methods {
  private static final Set<String> KNOWN =
      Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "CONNECT");

  private Methods() {}

  /** A value from a fixed set of ten, whatever the request said. */
  static String tag(String method) {
    return KNOWN.contains(method) ? method : "OTHER";
  }
}
