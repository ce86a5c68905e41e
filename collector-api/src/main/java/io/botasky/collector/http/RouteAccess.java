package io.botasky.collector.http;

/**
 * Who may call a route, declared with it and checked on the request head, before any body is read.
 * The handlers check again with the body (an agent token reports only for its host).
 */
public enum RouteAccess {
  /** Anyone: {@code /healthz}, {@code /readyz}. Takes no body. */
  PUBLIC,
  /** Reads: open unless {@code read_token} is set, then the read or admin token. Takes no body. */
  READ,
  /** Agent writes: an agent token or the admin token. */
  AGENT,
  /** The admin token only. */
  ADMIN;

  /** Whether requests to such a route may carry a body. */
  public boolean takesBody() {
    return this == AGENT || this == ADMIN;
  }
}
