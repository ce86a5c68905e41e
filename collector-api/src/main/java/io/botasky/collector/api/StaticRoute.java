package io.botasky.collector.api;

import io.botasky.collector.http.Handler;
import io.botasky.collector.http.HttpError;
import io.botasky.collector.http.Request;
import io.botasky.collector.http.Response;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

/**
 * The status page's own files, served from the jar ({@code /web/…}); no build step. The page holds
 * no data: everything it shows comes from the JSON endpoints, with the token they ask for.
 */
public final class StaticRoute implements Handler.SyncHandler {
  private final Map<String, byte[]> files;

  public StaticRoute() throws IOException {
    files = Map.of("/", load("index.html"), "/app.js", load("app.js"), "/app.css", load("app.css"));
  }

  private static byte[] load(String name) throws IOException {
    try (InputStream in = StaticRoute.class.getResourceAsStream("/web/" + name)) {
      if (in == null) {
        throw new IOException("missing resource /web/" + name);
      }
      return in.readAllBytes();
    }
  }

  @Override
  public Response handle(Request r) {
    byte[] body = files.get(r.path());
    if (body == null) {
      throw new HttpError(404, null, "no such resource: " + r.path());
    }
    String type =
        r.path().endsWith(".js")
            ? "text/javascript; charset=utf-8"
            : r.path().endsWith(".css") ? "text/css; charset=utf-8" : "text/html; charset=utf-8";
    return new Response(
        200,
        type,
        body,
        Map.of(
            "Cache-Control", "no-cache",
            "X-Content-Type-Options", "nosniff",
            "Content-Security-Policy",
                "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
                    + " connect-src 'self'",
            "X-Frame-Options", "DENY",
            "Referrer-Policy", "no-referrer"));
  }
}
