package io.botasky.collector.api;

import io.botasky.collector.http.Handler;
import io.botasky.collector.http.Request;
import io.botasky.collector.http.Response;
import io.botasky.collector.ingest.DatabaseHealth;
import io.botasky.collector.ingest.WatchLease;
import io.botasky.collector.store.LedgerQueries;
import io.botasky.collector.store.Times;
import io.botasky.common.cli.VersionProvider;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code GET /api/v1/status}: this collector (with its role), database, Redis, and every collector
 * and notifier sharing the database with its last heartbeat, for {@code botasky status}. Callers:
 * the read or admin token (or anyone when no read_token is set), like every GET.
 */
public final class StatusRoute implements Handler.SyncHandler {
  private final ApiContext ctx;
  private final String master;
  private final long startedAt;
  private final DatabaseHealth health;
  private final String database;
  private final Supplier<Map<String, Object>> redis;
  private final LedgerQueries ledger;
  private final WatchLease lease;

  public StatusRoute(
      ApiContext ctx,
      String master,
      long startedAt,
      DatabaseHealth health,
      String database,
      Supplier<Map<String, Object>> redis,
      LedgerQueries ledger,
      WatchLease lease) {
    this.lease = lease;
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
    Map<String, Object> self = new LinkedHashMap<>();
    self.put("master", master);
    self.put("name", lease.name());
    self.put("role", lease.role());
    self.put("leader", lease.leader());
    self.put("version", VersionProvider.version());
    self.put("started_at", Times.rfc3339(startedAt));
    self.put("uptime_seconds", (now - startedAt) / 1000);
    out.put("collector", self);
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
    List<Map<String, Object>> daemons;
    try {
      daemons = health.ready() ? ledger.daemons(now, 30_000) : List.of();
    } catch (java.sql.SQLException e) {
      daemons = List.of();
    }
    // Collectors write their row with role leader or standby, notifiers with role notifier.
    out.put("collectors", daemons.stream().filter(d -> !"notifier".equals(d.get("role"))).toList());
    out.put("notifiers", daemons.stream().filter(d -> "notifier".equals(d.get("role"))).toList());
    return ctx.ok(out);
  }
}
