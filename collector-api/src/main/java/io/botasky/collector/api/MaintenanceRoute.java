package io.botasky.collector.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.botasky.collector.http.HttpError;
import io.botasky.collector.http.Request;
import io.botasky.collector.http.Response;
import io.botasky.collector.store.MaintenanceStore;
import io.botasky.collector.store.Times;
import io.botasky.common.time.WindowSchedule;
import io.botasky.common.time.WindowSchedule.Occurrence;
import io.botasky.common.wire.MatchTerm;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * {@code GET /api/v1/maintenance} (read token: the status page shows the windows), {@code POST
 * /api/v1/maintenance} and {@code DELETE /api/v1/maintenance/{id}} (admin token, like silences).
 * docs/api.md, "Maintenance windows".
 */
public final class MaintenanceRoute {
  /** A window's name, as the escalation file's {@code [maintenance NAME]} allows it. */
  static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");

  /** The longest one-off window, as for silences. */
  static final Duration MAX = SilencesRoute.MAX;

  private final ApiContext ctx;
  private final MaintenanceStore store;
  private final ZoneId zone;

  /**
   * @param zone the collector's time zone: the one of a window posted without {@code timezone}
   */
  public MaintenanceRoute(ApiContext ctx, MaintenanceStore store, ZoneId zone) {
    this.ctx = ctx;
    this.store = store;
    this.zone = zone;
  }

  public Response list(Request r) throws Exception {
    ctx.access().requireRead(r);
    long now = ctx.clock().millis();
    List<Map<String, Object>> out =
        store.list(now).stream().map(w -> view(w, Instant.ofEpochMilli(now))).toList();
    return ctx.ok(Map.of("maintenance", out));
  }

  public Response create(Request r) throws Exception {
    ctx.access().requireAdmin(r);
    JsonNode b = ctx.json().object(r);
    String name = Fields.string(b, "", "name", true, 64);
    if (!NAME.matcher(name).matches()) {
      throw HttpError.badRequest(
          "name",
          "name: letters, digits, _ . - (at most 64), starting with a letter or digit, got \""
              + Fields.abbreviate(name)
              + "\"");
    }
    String match = Fields.string(b, "", "match", true, 1024);
    try {
      MatchTerm.parseList(match);
    } catch (IllegalArgumentException e) {
      throw HttpError.badRequest("match", "match: " + e.getMessage());
    }
    String tz = Fields.string(b, "", "timezone", false, 64);
    ZoneId z = zone;
    if (tz != null) {
      try {
        z = WindowSchedule.zone(tz);
      } catch (IllegalArgumentException e) {
        throw HttpError.badRequest("timezone", "timezone: " + e.getMessage());
      }
    }
    String every = Fields.string(b, "", "every", false, 64);
    long now = ctx.clock().millis();
    Long starts = null;
    Long ends = null;
    if (every != null) {
      if (b.has("starts_at") || b.has("ends_at")) {
        throw HttpError.badRequest(
            "every", "every: give every (recurring) or starts_at/ends_at (one-off), not both");
      }
      try {
        every = WindowSchedule.parse(every, z).text();
      } catch (IllegalArgumentException e) {
        throw HttpError.badRequest("every", "every: " + e.getMessage());
      }
    } else {
      if (!b.has("ends_at")) {
        throw HttpError.badRequest(
            "every", "every is required (or ends_at, with an optional starts_at, for a one-off)");
      }
      starts = Fields.time(b, "", "starts_at", now);
      ends = Fields.time(b, "", "ends_at", -1);
      if (ends <= now || ends <= starts) {
        throw HttpError.badRequest("ends_at", "ends_at: must be in the future and after starts_at");
      }
      if (ends - Math.max(now, starts) > MAX.toMillis() || starts - now > MAX.toMillis()) {
        throw HttpError.badRequest(
            "ends_at", "ends_at: a one-off window starts and ends within 90 days");
      }
    }
    String comment = Fields.string(b, "", "comment", false, 1024);
    String by = Fields.name(b, "", "by", false, 128);
    MaintenanceStore.Window w =
        new MaintenanceStore.Window(
            null,
            name,
            match.strip(),
            every,
            z.getId(),
            starts,
            ends,
            comment == null ? "" : comment,
            by,
            "api");
    long id = store.create(w, now);
    MaintenanceStore.Window saved =
        new MaintenanceStore.Window(
            id,
            w.name(),
            w.match(),
            w.every(),
            w.timezone(),
            w.startsAt(),
            w.endsAt(),
            w.comment(),
            w.createdBy(),
            w.origin());
    return Response.json(
        201, ctx.json().bytes(Map.of("maintenance", view(saved, Instant.ofEpochMilli(now)))));
  }

  public Response delete(Request r) throws Exception {
    ctx.access().requireAdmin(r);
    long id = Queries.id(r.pathParams().get("id"), "id");
    if (!store.delete(id, ctx.clock().millis())) {
      throw new HttpError(
          404,
          "id",
          "no maintenance window " + id + " (the escalation file's are changed in the file)");
    }
    return ctx.ok(Map.of("deleted", id));
  }

  /** The API's view: where it comes from, whether it is active now and its next occurrence. */
  static Map<String, Object> view(MaintenanceStore.Window w, Instant now) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", w.id());
    m.put("name", w.name());
    m.put("source", w.id() == null ? "file" : "api");
    m.put("origin", w.origin());
    m.put("match", w.match());
    m.put("every", w.every());
    m.put("timezone", w.timezone());
    m.put("starts_at", Times.rfc3339(w.startsAt()));
    m.put("ends_at", Times.rfc3339(w.endsAt()));
    m.put("comment", w.comment());
    m.put("created_by", w.createdBy());
    Optional<Occurrence> active = Optional.empty();
    Optional<Occurrence> next = Optional.empty();
    if (w.every() != null) {
      try {
        WindowSchedule s = WindowSchedule.parse(w.every(), WindowSchedule.zone(w.timezone()));
        active = s.active(now);
        next = s.next(now);
      } catch (IllegalArgumentException e) {
        // Validated when written; a row written by hand shows as never active.
        m.put("error", e.getMessage());
      }
    } else {
      Occurrence o =
          new Occurrence(Instant.ofEpochMilli(w.startsAt()), Instant.ofEpochMilli(w.endsAt()));
      active = o.covers(now) ? Optional.of(o) : Optional.empty();
      next = o.start().isAfter(now) ? Optional.of(o) : Optional.empty();
    }
    m.put("active", active.isPresent());
    m.put("active_until", active.map(o -> Times.rfc3339(o.end().toEpochMilli())).orElse(null));
    m.put("next", next.map(MaintenanceRoute::occurrence).orElse(null));
    return m;
  }

  private static Map<String, Object> occurrence(Occurrence o) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("starts_at", Times.rfc3339(o.start().toEpochMilli()));
    m.put("ends_at", Times.rfc3339(o.end().toEpochMilli()));
    return m;
  }
}
