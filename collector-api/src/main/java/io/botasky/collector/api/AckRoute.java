package io.botasky.collector.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.botasky.collector.http.Handler;
import io.botasky.collector.http.HttpError;
import io.botasky.collector.http.Request;
import io.botasky.collector.http.Response;
import io.botasky.collector.ingest.AlertListener;
import io.botasky.collector.store.AlertQueries;
import java.sql.SQLException;
import java.util.Map;
import java.util.Set;

/**
 * {@code POST /api/v1/alerts/{id}/ack} (admin): stops escalation of a firing alert, for good or for
 * {@code expires_in} (docs/notifier.md, "Ack expiry").
 */
public final class AckRoute implements Handler.SyncHandler {
  private final ApiContext ctx;
  private final AlertQueries alerts;
  private final AlertListener listener;

  public AckRoute(ApiContext ctx, AlertQueries alerts, AlertListener listener) {
    this.ctx = ctx;
    this.alerts = alerts;
    this.listener = listener;
  }

  @Override
  public Response handle(Request r) throws Exception {
    ctx.access().requireAdmin(r);
    long id = Queries.id(r.pathParams().get("id"), "id");
    JsonNode body = ctx.json().object(r);
    String by = Fields.name(body, "", "by", true, 128);
    String comment = Fields.string(body, "", "comment", false, 1024);
    String expiresIn = Fields.string(body, "", "expires_in", false, 32);
    long now = ctx.clock().millis();
    Long expiresAt = null;
    if (expiresIn != null) {
      try {
        expiresAt = now + AckExpiry.parse(expiresIn).toMillis();
      } catch (IllegalArgumentException e) {
        throw HttpError.badRequest("expires_in", "expires_in: " + e.getMessage());
      }
    }
    switch (ack(id, by, comment, expiresAt, true)) {
      case NOT_FOUND -> throw new HttpError(404, "id", "no alert " + id);
      case RESOLVED ->
          throw HttpError.badRequest(
              "id", "alert " + id + " is resolved; only firing alerts can be acked");
      case ACKED, ALREADY_ACKED -> {}
    }
    return ctx.ok(Map.of("alert", alerts.get(id).orElseThrow()));
  }

  /**
   * The ack itself, also the one-click link's ({@link AckLinkRoute}): stored, and the listeners
   * (boird's wake-up, the live feed) told when it changed something.
   */
  public AlertQueries.AckResult ack(
      long id, String by, String comment, Long expiresAt, boolean replace) throws SQLException {
    AlertQueries.AckResult r =
        alerts.ack(id, by, comment, expiresAt, ctx.clock().millis(), replace);
    // A second ack replaces the first one's expiry (and who, comment): a change too.
    if (r == AlertQueries.AckResult.ACKED || r == AlertQueries.AckResult.ALREADY_ACKED && replace) {
      listener.changed(Set.of(id));
    }
    return r;
  }
}
