package io.botasky.collector.api;

import io.botasky.collector.http.Request;
import io.botasky.collector.http.Response;
import io.botasky.collector.store.LedgerQueries;
import java.util.Map;

/** {@code GET /api/v1/notifications?alert=&id=&limit=}: the notifier's ledger, read-only. */
public final class LedgerRoute {
  private final ApiContext ctx;
  private final LedgerQueries ledger;

  public LedgerRoute(ApiContext ctx, LedgerQueries ledger) {
    this.ctx = ctx;
    this.ledger = ledger;
  }

  public Response list(Request r) throws Exception {
    ctx.access().requireRead(r);
    String alert = Queries.optional(r, "alert");
    String id = Queries.optional(r, "id");
    return ctx.ok(
        Map.of(
            "notifications",
            ledger.list(
                alert == null ? null : Queries.id(alert, "alert"),
                id == null ? null : Queries.id(id, "id"),
                Queries.limit(r, 100, 1000))));
  }
}
