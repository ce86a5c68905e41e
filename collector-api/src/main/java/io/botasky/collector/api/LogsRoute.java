package io.botasky.collector.api;

import io.botasky.collector.http.HttpError;
import io.botasky.collector.http.Request;
import io.botasky.collector.http.Response;
import io.botasky.collector.store.LogStore;
import io.botasky.common.config.Durations;
import io.botasky.common.wire.LogLine;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The log view's routes (docs/api.md): {@code POST /api/v1/logs}, an agent's forwarded lines stored
 * once per batch id and pushed to the live stream; {@code GET /api/v1/logs?host=&source=&level=
 * &since=&limit=}, newest first.
 */
public final class LogsRoute {
  private final ApiContext ctx;
  private final LogStore store;
  private final AgentWrite write;
  private final Consumer<List<LogStore.Stored>> live;

  /**
   * @param live where newly stored lines go (the stream's {@code log} events)
   */
  public LogsRoute(
      ApiContext ctx,
      LogStore store,
      AgentContacts contacts,
      Consumer<List<LogStore.Stored>> live) {
    this.ctx = ctx;
    this.store = store;
    this.write = new AgentWrite(ctx, contacts);
    this.live = live;
  }

  /** {@code POST /api/v1/logs} → {@code {"accepted": n, "duplicates": m}}. */
  public Response post(Request r) throws Exception {
    LogsParser.Parsed p = write.accept(r, LogsParser::parse, LogsParser.Parsed::host);
    List<LogStore.Stored> stored =
        store.store(p.host(), p.batchId(), p.lines(), ctx.clock().millis());
    if (!stored.isEmpty()) {
      live.accept(stored);
    }
    boolean resent = stored.isEmpty() && !p.lines().isEmpty();
    return ctx.ok(Map.of("accepted", stored.size(), "duplicates", resent ? p.lines().size() : 0));
  }

  /** {@code GET /api/v1/logs}: read token (or admin) when {@code read_token} is set. */
  public Response list(Request r) throws Exception {
    ctx.access().requireRead(r);
    String level = Queries.optional(r, "level");
    if (level != null && !LogLine.LEVELS.contains(level)) {
      throw HttpError.badRequest("level", "level: expected info, warning or error");
    }
    Long since = null;
    String s = Queries.optional(r, "since");
    if (s != null) {
      since = since(s, ctx.clock().millis());
    }
    int limit = Queries.limit(r, 100, 1000);
    List<Map<String, Object>> out = new ArrayList<>();
    for (LogStore.Stored l :
        store.list(
            Queries.optional(r, "host"), Queries.optional(r, "source"), level, since, limit)) {
      out.add(l.view());
    }
    return ctx.ok(Map.of("lines", out));
  }

  /**
   * {@code since}: a duration back from now ({@code 1h}), an RFC 3339 time, or epoch milliseconds.
   */
  static long since(String s, long now) {
    try {
      if (s.matches("[0-9]{1,15}")) {
        return Long.parseLong(s);
      }
      if (Character.isDigit(s.charAt(0)) && s.length() < 12) {
        Duration d = Durations.parse(s);
        return now - d.toMillis();
      }
      return java.time.OffsetDateTime.parse(s).toInstant().toEpochMilli();
    } catch (RuntimeException e) {
      throw HttpError.badRequest(
          "since",
          "since: expected a duration like 1h, an RFC 3339 time or epoch milliseconds, got \""
              + Fields.abbreviate(s)
              + "\"");
    }
  }
}
