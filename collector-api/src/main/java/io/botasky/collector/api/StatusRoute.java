package io.botasky.collector.api;

import io.botasky.collector.http.Handler;
import io.botasky.collector.http.Request;
import io.botasky.collector.http.Response;
import io.botasky.collector.ingest.DatabaseHealth;
import io.botasky.collector.store.LedgerQueries;
import io.botasky.collector.store.Times;
import io.botasky.common.cli.VersionProvider;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code GET /api/v1/status}: collector, database, Redis and notifier heartbeats, for {@code
 * botasky status}.
 */
public final class StatusRoute implements Handler.SyncHandler {
  private final ApiContext ctx;
  private final String master;
  private final long startedAt;
  private final DatabaseHealth health;
  private final String database;
  private final Supplier<Map<String, Object>> redis;
  private final LedgerQueries ledger;

  public StatusRoute(
      ApiContext ctx,
      String master,
      long startedAt,
      DatabaseHealth health,
      String database,
      Supplier<Map<String, Object>> redis,
      LedgerQueries ledger) {
    this.ctx = ctx;
    this.master = master;
    this.startedAt = startedAt;
    this.health = health;
    this.database = database;
    this.redis = redis;
    this.ledger = ledger;
  }

  @Override
  public Response handle(Request r) {
    ctx.access().requireRead(r);
    long now = ctx.clock().millis();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put(
        "collector",
        Map.of(
            "master",
            master,
            "version",
            VersionProvider.version(),
            "started_at",
            Times.rfc3339(startedAt),
            "uptime_seconds",
            (now - startedAt) / 1000));
    Map<String, Object> db = new LinkedHashMap<>();
    db.put("ok", health.ready());
    db.put("database", database);
    // The driver's message can name hosts, users and schema: only for callers with a token.
    db.put(
        "problem",
        health.ready()
            ? null
            : ctx.access().privileged(r) ? health.problem() : "database unavailable");
    out.put("database", db);
    out.put("redis", redis.get());
    Object notifiers;
    try {
      notifiers = health.ready() ? ledger.daemons(now, 30_000) : List.of();
    } catch (java.sql.SQLException e) {
      notifiers = List.of();
    }
    out.put("notifiers", notifiers);
    return ctx.ok(out);
  }
}
