package io.botasky.collector.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.botasky.collector.http.HttpError;
import io.botasky.collector.http.Request;
import io.botasky.collector.http.Response;
import io.botasky.collector.ingest.AlertListener;
import io.botasky.collector.store.TestMails;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code POST /api/v1/test-mail} (admin) records a test-mail request and wakes boird, which sends
 * it and writes its ledger row; {@code GET /api/v1/test-mail/{id}} tells how far it got. The
 * collector never writes the ledger (docs/notifier.md, "Test mails").
 */
public final class TestMailRoute {
  /**
   * A request no boird took within this long is never sent: a boird started tomorrow must not mail
   * someone a test they gave up on.
   */
  static final Duration EXPIRES_AFTER = Duration.ofHours(1);

  private static final Pattern ADDRESS = Pattern.compile("[^@\\s]+@[^@\\s]+");

  private final ApiContext ctx;
  private final TestMails requests;
  private final AlertListener listener;

  public TestMailRoute(ApiContext ctx, TestMails requests, AlertListener listener) {
    this.ctx = ctx;
    this.requests = requests;
    this.listener = listener;
  }

  public Response request(Request r) throws Exception {
    ctx.access().requireAdmin(r);
    JsonNode b = ctx.json().object(r);
    String to = Fields.name(b, "", "to", true, 255);
    if (!ADDRESS.matcher(to).matches()) {
      throw HttpError.badRequest(
          "to", "to: expected a mail address, got \"" + Fields.abbreviate(to) + "\"");
    }
    long now = ctx.clock().millis();
    long id = requests.request(to, now, now + EXPIRES_AFTER.toMillis());
    // The notifier's doorbell (alert id 0: no alert changed); its polling covers a lost ring.
    listener.changed(Set.of(0L));
    return Response.json(202, ctx.json().bytes(Map.of("test_mail_id", id)));
  }

  public Response status(Request r) throws Exception {
    ctx.access().requireRead(r);
    long id = Queries.id(r.pathParams().get("id"), "id");
    Map<String, Object> m =
        requests
            .find(id, ctx.clock().millis())
            .orElseThrow(() -> new HttpError(404, "id", "no test mail " + id));
    return ctx.ok(Map.of("test_mail", m));
  }
}
