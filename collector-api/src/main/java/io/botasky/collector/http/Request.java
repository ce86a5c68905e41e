package io.botasky.collector.http;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An HTTP request as handlers see it: no Netty types, the body already copied out of its buffer.
 *
 * @param headers header names in lower case
 * @param pathParams values of {@code {name}} segments of the matched route
 */
public record Request(
    String method,
    String path,
    Map<String, List<String>> query,
    Map<String, String> headers,
    byte[] body,
    String remoteAddress,
    Map<String, String> pathParams) {

  public Optional<String> header(String lowerCaseName) {
    return Optional.ofNullable(headers.get(lowerCaseName));
  }

  public Optional<String> queryParam(String name) {
    List<String> v = query.get(name);
    return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v.get(0));
  }

  /** The bearer token of the Authorization header, if any. */
  public Optional<String> bearerToken() {
    return header("authorization")
        .filter(h -> h.regionMatches(true, 0, "Bearer ", 0, 7))
        .map(h -> h.substring(7).strip())
        .filter(t -> !t.isEmpty());
  }

  public Request withPathParams(Map<String, String> params) {
    return new Request(method, path, query, headers, body, remoteAddress, params);
  }

  public Request withBody(byte[] body) {
    return new Request(method, path, query, headers, body, remoteAddress, pathParams);
  }
}
