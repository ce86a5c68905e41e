package io.botasky.collector.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.botasky.collector.http.HttpError;
import io.botasky.collector.http.Request;
import io.botasky.collector.http.Response;
import io.botasky.collector.ingest.AlertListener;
import io.botasky.collector.store.LedgerQueries;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code GET /api/v1/notifications?alert=&id=&limit=} (the notifier's ledger) and {@code POST
 * /api/v1/test-mail} (admin): queues a test mail that boird sends.
 */
public final class LedgerRoute {
  private static final Pattern ADDRESS = Pattern.compile("[^@\\s]+@[^@\\s]+");

  private final ApiContext ctx;
  private final LedgerQueries ledger;
  private final AlertListener listener;

  public LedgerRoute(ApiContext ctx, LedgerQueries ledger, AlertListener listener) {
    this.ctx = ctx;
    this.ledger = ledger;
    this.listener = listener;
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

  public Response testMail(Request r) throws Exception {
    ctx.access().requireAdmin(r);
    JsonNode b = ctx.json().object(r);
    String to = Fields.name(b, "", "to", true, 255);
    if (!ADDRESS.matcher(to).matches()) {
      throw HttpError.badRequest(
          "to", "to: expected a mail address, got \"" + Fields.abbreviate(to) + "\"");
    }
    long id = ledger.queueTestMail(to, ctx.clock().millis());
    listener.changed(Set.of(0L));
    return Response.json(202, ctx.json().bytes(Map.of("notification_id", id)));
  }
}
