package io.botasky.collector.api;

import io.botasky.collector.http.HttpError;
import io.botasky.collector.http.Request;
import io.botasky.collector.http.Response;
import io.botasky.collector.inventory.Inventory;
import io.botasky.collector.inventory.ServiceTree;
import io.botasky.collector.inventory.ServiceView;
import io.botasky.collector.store.Service;
import io.botasky.common.text.SafeText;
import io.botasky.common.wire.GroupPath;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/v1/services?host=&state=&group=} and {@code GET /api/v1/tree} (docs/api.md,
 * "Services"), served from the inventory in memory: no database round trip per page refresh.
 */
public final class ServicesRoute {
  private final ApiContext ctx;
  private final Inventory inventory;

  public ServicesRoute(ApiContext ctx, Inventory inventory) {
    this.ctx = ctx;
    this.inventory = inventory;
  }

  /** The services matching every filter given, by host then in their agent's order. */
  public Response list(Request r) {
    ctx.access().requireRead(r);
    String host = Queries.optional(r, "host");
    String state = Queries.optional(r, "state");
    if (state != null && !ServiceTree.STATES.contains(state)) {
      throw HttpError.badRequest(
          "state", "state: expected ok, warning, critical, unknown or stale");
    }
    String group = Queries.optional(r, "group");
    if (group != null) {
      GroupPath.problem(group)
          .ifPresent(
              why -> {
                throw HttpError.badRequest(
                    "group",
                    "group: " + why + ", got \"" + Fields.abbreviate(SafeText.line(group)) + "\"");
              });
    }
    List<ServiceView> out =
        inventory.all().stream()
            .filter(s -> host == null || s.host().equals(host))
            .filter(s -> state == null || s.derived().state().equals(state))
            .filter(s -> group == null || ServiceTree.inGroup(s.entry().group(), group))
            .map(ServiceView::of)
            .toList();
    return ctx.ok(Map.of("services", out));
  }

  /** Every service in the tree of its groups. */
  public Response tree(Request r) {
    ctx.access().requireRead(r);
    List<Service> all = inventory.all();
    return ctx.ok(ServiceTree.build(all));
  }
}
