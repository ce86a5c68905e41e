package io.botasky.collector.http;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Maps method and path (with {@code {name}} segments) to a handler; 404 and 405 otherwise. Each
 * route declares who may call it ({@link RouteAccess}), checked on the request head.
 */
public final class Router {
  private record Route(
      String method, String[] segments, String name, RouteAccess access, Handler handler) {}

  /**
   * A resolved route: the handler, the request with its path parameters, a name for metrics (the
   * route's pattern, never the request's path) and who may call it.
   */
  public record Match(Handler handler, Request request, String name, RouteAccess access) {
    /** The same match for the request with its body, once it arrived. */
    public Match withBody(byte[] body) {
      return new Match(handler, request.withBody(body), name, access);
    }
  }

  private final List<Route> routes = new ArrayList<>();

  /** A route anyone may call. */
  public Router add(String method, String pattern, Handler handler) {
    return add(method, pattern, RouteAccess.PUBLIC, handler);
  }

  public Router add(String method, String pattern, RouteAccess access, Handler handler) {
    routes.add(new Route(method, split(pattern), pattern, access, handler));
    return this;
  }

  /** Resolves {@code req}, or throws a 404/405 {@link HttpError}. */
  public Match resolve(Request req) {
    String[] path = split(req.path());
    Set<String> allowed = new LinkedHashSet<>();
    for (Route r : routes) {
      Map<String, String> params = match(r.segments, path);
      if (params == null) {
        continue;
      }
      if (r.method.equals(req.method())
          || (req.method().equals("HEAD") && r.method.equals("GET"))) {
        return new Match(r.handler, req.withPathParams(params), r.name, r.access);
      }
      allowed.add(r.method);
    }
    if (!allowed.isEmpty()) {
      throw new MethodNotAllowed(String.join(", ", allowed));
    }
    throw new HttpError(404, null, "no such resource: " + req.path());
  }

  /** 405 with the methods the path does take, for the Allow header. */
  public static final class MethodNotAllowed extends RuntimeException {
    private static final long serialVersionUID = 1L;

    MethodNotAllowed(String allow) {
      super(allow, null, false, false);
    }

    public String allow() {
      return getMessage();
    }
  }

  private static Map<String, String> match(String[] pattern, String[] path) {
    if (pattern.length != path.length) {
      return null;
    }
    Map<String, String> params = new HashMap<>();
    for (int i = 0; i < pattern.length; i++) {
      String p = pattern[i];
      if (p.startsWith("{") && p.endsWith("}")) {
        params.put(p.substring(1, p.length() - 1), path[i]);
      } else if (!p.equals(path[i])) {
        return null;
      }
    }
    return params;
  }

  private static String[] split(String path) {
    String p = path.startsWith("/") ? path.substring(1) : path;
    if (p.endsWith("/")) {
      p = p.substring(0, p.length() - 1);
    }
    return p.isEmpty() ? new String[0] : p.split("/", -1);
  }
}
