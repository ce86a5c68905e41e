package io.botasky.collector.api;

import io.botasky.collector.http.Handler;
import io.botasky.collector.http.HttpError;
import io.botasky.collector.http.Request;
import io.botasky.collector.http.Response;
import io.botasky.collector.store.AlertQueries;
import io.botasky.common.wire.AlertState;
import java.util.Map;

/** {@code GET /api/v1/alerts?state=&host=&resource=&limit=}, newest first. */
public final class AlertsRoute implements Handler.SyncHandler {
  private final ApiContext ctx;
  private final AlertQueries alerts;

  public AlertsRoute(ApiContext ctx, AlertQueries alerts) {
    this.ctx = ctx;
    this.alerts = alerts;
  }

  @Override
  public Response handle(Request r) throws Exception {
    ctx.access().requireRead(r);
    String s = Queries.optional(r, "state");
    AlertState state =
        s == null
            ? null
            : AlertState.parse(s)
                .orElseThrow(
                    () ->
                        HttpError.badRequest("state", "state: expected firing, acked or resolved"));
    int limit = Queries.limit(r, 100, 1000);
    return ctx.ok(
        Map.of(
            "alerts",
            alerts.list(
                state, Queries.optional(r, "host"), Queries.optional(r, "resource"), limit)));
  }
}
