package io.botasky.collector.api;

import io.botasky.collector.http.HttpError;
import io.botasky.collector.http.Request;
import io.botasky.collector.http.Response;
import io.botasky.collector.ingest.DatabaseHealth;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Map;

/**
 * {@code /healthz} (the process answers), {@code /readyz} (the database is reachable) — both open,
 * so a load balancer needs no token, and why the database is unavailable only with the read or
 * admin token — and {@code /metrics} (Prometheus text; a read like any other).
 */
public final class HealthRoutes {
  private final ApiContext ctx;
  private final DatabaseHealth health;
  private final PrometheusMeterRegistry registry;

  public HealthRoutes(ApiContext ctx, DatabaseHealth health, PrometheusMeterRegistry registry) {
    this.ctx = ctx;
    this.health = health;
    this.registry = registry;
  }

  public Response healthz(Request r) {
    return ctx.ok(Map.of("status", "ok"));
  }

  public Response readyz(Request r) {
    if (!health.ready()) {
      // The driver's message can name hosts, users and schema: only for callers with a token.
      throw HttpError.unavailable(
          ctx.access().privileged(r)
              ? "database unavailable: " + health.problem()
              : "database unavailable");
    }
    return ctx.ok(Map.of("status", "ready"));
  }

  public Response metrics(Request r) {
    ctx.access().requireRead(r);
    return Response.text(200, "text/plain; version=0.0.4; charset=utf-8", registry.scrape());
  }
}
