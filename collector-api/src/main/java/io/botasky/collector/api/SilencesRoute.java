package io.botasky.collector.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.botasky.collector.http.HttpError;
import io.botasky.collector.http.Request;
import io.botasky.collector.http.Response;
import io.botasky.collector.store.SilenceStore;
import io.botasky.collector.store.Times;
import io.botasky.common.config.Durations;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET|POST /api/v1/silences} and {@code DELETE /api/v1/silences/{id}}, all with the admin
 * token.
 */
public final class SilencesRoute {
  static final Duration MAX = Duration.ofDays(90);

  private final ApiContext ctx;
  private final SilenceStore store;

  public SilencesRoute(ApiContext ctx, SilenceStore store) {
    this.ctx = ctx;
    this.store = store;
  }

  public Response list(Request r) throws Exception {
    ctx.access().requireAdmin(r);
    boolean all = r.queryParam("all").map("true"::equals).orElse(false);
    List<Map<String, Object>> out =
        store.list(ctx.clock().millis(), all).stream().map(SilencesRoute::view).toList();
    return ctx.ok(Map.of("silences", out));
  }

  public Response create(Request r) throws Exception {
    ctx.access().requireAdmin(r);
    JsonNode b = ctx.json().object(r);
    String host = Fields.name(b, "", "host", true, 255);
    String resource = Fields.name(b, "", "resource", false, 32);
    String check = Fields.name(b, "", "check", false, 64);
    String comment = Fields.string(b, "", "comment", true, 1024);
    if (comment.isBlank()) {
      throw HttpError.badRequest("comment", "comment must say why");
    }
    String by = Fields.name(b, "", "by", false, 128);
    long now = ctx.clock().millis();
    long ends;
    String d = Fields.string(b, "", "duration", false, 16);
    if (d != null) {
      Duration dur;
      try {
        dur = Durations.parse(d);
      } catch (IllegalArgumentException e) {
        throw HttpError.badRequest("duration", "duration: " + e.getMessage());
      }
      if (dur.isZero() || dur.compareTo(MAX) > 0) {
        throw HttpError.badRequest("duration", "duration: expected more than 0 and at most 90d");
      }
      ends = now + dur.toMillis();
    } else {
      ends = Fields.time(b, "", "ends_at", -1);
      if (ends <= now || ends - now > MAX.toMillis()) {
        throw HttpError.badRequest(
            "duration", "give duration (like \"2h\") or a future ends_at within 90 days");
      }
    }
    SilenceStore.Silence s =
        new SilenceStore.Silence(
            0, host, emptyToNull(resource), emptyToNull(check), now, ends, comment, by, now);
    long id = store.create(s);
    return Response.json(
        201,
        ctx.json()
            .bytes(
                Map.of(
                    "silence",
                    view(
                        new SilenceStore.Silence(
                            id,
                            s.host(),
                            s.resource(),
                            s.check(),
                            s.startsAt(),
                            s.endsAt(),
                            s.comment(),
                            s.createdBy(),
                            s.createdAt())))));
  }

  public Response delete(Request r) throws Exception {
    ctx.access().requireAdmin(r);
    long id = Queries.id(r.pathParams().get("id"), "id");
    if (!store.delete(id, ctx.clock().millis())) {
      throw new HttpError(404, "id", "no silence " + id);
    }
    return ctx.ok(Map.of("deleted", id));
  }

  private static String emptyToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }

  static Map<String, Object> view(SilenceStore.Silence s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", s.id());
    m.put("host", s.host());
    m.put("resource", s.resource());
    m.put("check", s.check());
    m.put("starts_at", Times.rfc3339(s.startsAt()));
    m.put("ends_at", Times.rfc3339(s.endsAt()));
    m.put("comment", s.comment());
    m.put("created_by", s.createdBy());
    return m;
  }
}
