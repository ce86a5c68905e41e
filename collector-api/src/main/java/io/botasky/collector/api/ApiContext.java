package io.botasky.collector.api;

import io.botasky.collector.auth.Access;
import io.botasky.collector.http.Response;
import java.time.Clock;

/** What every route needs: auth, JSON, the clock. */
public record ApiContext(Access access, JsonBodies json, Clock clock) {
  public Response ok(Object body) {
    return Response.json(200, json.bytes(body));
  }
}
