package io.botasky.collector.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.botasky.collector.actions.Actions;
import io.botasky.collector.http.HttpError;
import io.botasky.collector.http.Request;
import io.botasky.collector.http.Response;
import io.botasky.collector.store.ActionStore;
import io.botasky.collector.store.ActionStore.ActionRow;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code POST /api/v1/actions} (admin), {@code GET /api/v1/actions} and {@code GET
 * /api/v1/actions/{id}} (docs/api.md, "Controlled actions").
 */
public final class ActionsRoute {
  /** An action's name, as an agent's config may offer it (docs/agent.md). */
  static final Pattern ACTION = Pattern.compile("[a-z][a-z0-9_]{0,31}");

  static final int MAX_BY = 64;
  static final int MAX_COMMENT = 512;

  private final ApiContext ctx;
  private final Actions actions;

  public ActionsRoute(ApiContext ctx, Actions actions) {
    this.ctx = ctx;
    this.actions = actions;
  }

  /**
   * The contract's order: 403 not admin, 400 body, then the inventory's 404 / 403 / 400, then 409;
   * 202 with the stored action.
   */
  public Response request(Request r) throws Exception {
    ctx.access().requireAdmin(r);
    JsonNode body = ctx.json().object(r);
    String host = Fields.name(body, "", "host", true, 255);
    String resource =
        Fields.matching(
            body, "", "resource", HeartbeatParser.RESOURCE, "a resource like \"redis\"");
    String instance = Fields.name(body, "", "instance", false, 255);
    if (instance == null) {
      throw HttpError.badRequest("instance", "instance is required (\"\" for none)");
    }
    String action = Fields.matching(body, "", "action", ACTION, "an action name like \"restart\"");
    String by = Fields.name(body, "", "by", true, MAX_BY);
    String comment = Fields.name(body, "", "comment", false, MAX_COMMENT);
    Long alertId = null;
    if (body.hasNonNull("alert_id")) {
      alertId = Fields.integer(body, "", "alert_id");
      if (alertId <= 0) {
        throw HttpError.badRequest("alert_id", "alert_id: expected a positive whole number");
      }
    }
    String source = alertId != null && by.equals("boird") ? "boird" : "api";
    ActionRow row = actions.request(host, resource, instance, action, by, comment, alertId, source);
    return Response.json(202, ctx.json().bytes(Map.of("action", row.view())));
  }

  /** {@code GET /api/v1/actions?host=&state=&limit=}, newest first. */
  public Response list(Request r) throws Exception {
    ctx.access().requireRead(r);
    String state = Queries.optional(r, "state");
    if (state != null && !ActionStore.STATES.contains(state)) {
      throw HttpError.badRequest(
          "state", "state: expected one of " + String.join(", ", ActionStore.STATES));
    }
    int limit = Queries.limit(r, 100, 1000);
    return ctx.ok(
        Map.of(
            "actions",
            actions.store().list(Queries.optional(r, "host"), state, limit).stream()
                .map(ActionRow::view)
                .toList()));
  }

  /** {@code GET /api/v1/actions/{id}}. */
  public Response get(Request r) throws Exception {
    ctx.access().requireRead(r);
    long id = Queries.id(r.pathParams().get("id"), "id");
    ActionRow row =
        actions.store().get(id).orElseThrow(() -> new HttpError(404, "id", "no action " + id));
    return ctx.ok(Map.of("action", row.view()));
  }
}
