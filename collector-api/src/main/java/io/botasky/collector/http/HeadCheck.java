package io.botasky.collector.http;

/** Checks the caller of a request from its head alone (headers, query; the body is empty). */
@FunctionalInterface
public interface HeadCheck {
  /**
   * Throws an {@link HttpError} (401, 403) when the caller may not use a route of {@code access}.
   */
  void check(RouteAccess access, Request head);
}
