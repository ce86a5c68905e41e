package io.botasky.collector.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.botasky.collector.http.Handler;
import io.botasky.collector.http.HttpError;
import io.botasky.collector.http.Request;
import io.botasky.collector.http.Response;
import io.botasky.collector.store.AlertQueries;
import io.botasky.collector.store.FlapFlags;
import io.botasky.common.wire.AlertState;
import io.botasky.common.wire.AlertView;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code GET /api/v1/alerts?state=&host=&resource=&limit=}, newest first, each with {@code
 * "flapping"}. Read token or admin token, as before.
 */
public final class AlertsRoute implements Handler.SyncHandler {
  private final ApiContext ctx;
  private final AlertQueries alerts;
  private final FlapFlags flaps;

  public AlertsRoute(ApiContext ctx, AlertQueries alerts, FlapFlags flaps) {
    this.ctx = ctx;
    this.alerts = alerts;
    this.flaps = flaps;
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
    List<AlertView> list =
        alerts.list(state, Queries.optional(r, "host"), Queries.optional(r, "resource"), limit);
    // "flapping" (docs/api.md): boird's flap episodes, read from its notify_flapping.
    Set<Long> flapping = flaps.flapping(list);
    List<ObjectNode> out = new ArrayList<>(list.size());
    for (AlertView a : list) {
      ObjectNode o = ctx.json().mapper().valueToTree(a);
      o.put("flapping", flapping.contains(a.id()));
      out.add(o);
    }
    return ctx.ok(Map.of("alerts", out));
  }
}
