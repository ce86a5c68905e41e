package io.botasky.collector;

import static io.botasky.collector.http.RouteAccess.ADMIN;
import static io.botasky.collector.http.RouteAccess.AGENT;
import static io.botasky.collector.http.RouteAccess.PUBLIC;
import static io.botasky.collector.http.RouteAccess.READ;

import io.botasky.collector.actions.Actions;
import io.botasky.collector.api.AckLinkRoute;
import io.botasky.collector.api.AckRoute;
import io.botasky.collector.api.ActionsRoute;
import io.botasky.collector.api.AgentActionsRoute;
import io.botasky.collector.api.AgentContacts;
import io.botasky.collector.api.AlertsRoute;
import io.botasky.collector.api.ApiContext;
import io.botasky.collector.api.EventsRoute;
import io.botasky.collector.api.HealthRoutes;
import io.botasky.collector.api.HeartbeatRoute;
import io.botasky.collector.api.HostsRoute;
import io.botasky.collector.api.JsonBodies;
import io.botasky.collector.api.LedgerRoute;
import io.botasky.collector.api.LogsRoute;
import io.botasky.collector.api.MaintenanceRoute;
import io.botasky.collector.api.MetricsRoute;
import io.botasky.collector.api.SamplesRoute;
import io.botasky.collector.api.ServicesRoute;
import io.botasky.collector.api.SilencesRoute;
import io.botasky.collector.api.StaticRoute;
import io.botasky.collector.api.StatusRoute;
import io.botasky.collector.api.StreamRoute;
import io.botasky.collector.api.TestMailRoute;
import io.botasky.collector.auth.Access;
import io.botasky.collector.http.Handler;
import io.botasky.collector.http.HttpError;
import io.botasky.collector.http.HttpLimited;
import io.botasky.collector.http.Request;
import io.botasky.collector.http.Response;
import io.botasky.collector.http.Router;
import io.botasky.collector.ingest.AlertListener;
import io.botasky.collector.ingest.DatabaseHealth;
import io.botasky.collector.ingest.Ingest;
import io.botasky.collector.ingest.WatchLease;
import io.botasky.collector.inventory.Inventory;
import io.botasky.collector.live.EventFeed;
import io.botasky.collector.live.PeerSlots;
import io.botasky.collector.store.AckLinkStore;
import io.botasky.collector.store.AlertQueries;
import io.botasky.collector.store.FlapFlags;
import io.botasky.collector.store.LedgerQueries;
import io.botasky.collector.store.LogStore;
import io.botasky.collector.store.MaintenanceStore;
import io.botasky.collector.store.SampleQueries;
import io.botasky.collector.store.SilenceStore;
import io.botasky.collector.store.TestMails;
import io.botasky.common.conf.PihealthdSettings;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Map;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.slf4j.LoggerFactory;

/**
 * The routes of pihealthd, each with who may call it (checked on the request head, before any body
 * is read), wired to the API's handlers.
 *
 * @param redisStatus the Redis wake-up's state for /api/v1/status
 * @param inventory the service inventory in memory, for /api/v1/services and /api/v1/tree
 * @param actions controlled actions (docs/api.md, "Controlled actions")
 * @param reloaded the settings of the last reload, for the keys a reload changes
 *     (docs/operations.md, "Reload")
 * @param lease this collector's side of the watch lease (its name and role, for /api/v1/status)
 */
record CollectorRoutes(
    PihealthdSettings conf,
    Clock clock,
    DataSource ds,
    DatabaseHealth health,
    AlertListener listeners,
    PrometheusMeterRegistry registry,
    EventFeed feed,
    long startedAt,
    Supplier<Map<String, Object>> redisStatus,
    Inventory inventory,
    Actions actions,
    Supplier<PihealthdSettings> reloaded,
    WatchLease lease) {

  Router router(Ingest ingest, Access access, HttpLimited limited) throws IOException {
    ApiContext ctx = new ApiContext(access, new JsonBodies(conf.maxBody()), clock);
    AgentContacts contacts = new AgentContacts();
    AlertQueries alerts = new AlertQueries(ds);
    LedgerQueries ledger = new LedgerQueries(ds);
    SilencesRoute silences = new SilencesRoute(ctx, new SilenceStore(ds));
    MaintenanceRoute maintenance =
        new MaintenanceRoute(ctx, new MaintenanceStore(ds), java.time.ZoneId.systemDefault());
    LedgerRoute ledgerRoute = new LedgerRoute(ctx, ledger);
    TestMailRoute testMail = new TestMailRoute(ctx, new TestMails(ds), listeners);
    HealthRoutes healthRoutes = new HealthRoutes(ctx, health, registry);
    StaticRoute page = new StaticRoute();
    StatusRoute status =
        new StatusRoute(
            ctx,
            conf.master(),
            startedAt,
            health,
            conf.db().describe(),
            redisStatus,
            ledger,
            lease);
    LogsRoute logs = new LogsRoute(ctx, new LogStore(ds), contacts, feed::logs);
    PeerSlots streams = new PeerSlots(conf.httpLimits().maxStreamsPerPeer());
    ServicesRoute services = new ServicesRoute(ctx, inventory);
    ActionsRoute actionsRoute = new ActionsRoute(ctx, actions);
    AgentActionsRoute agentActions = new AgentActionsRoute(ctx, actions, contacts);
    AckRoute ack = new AckRoute(ctx, alerts, listeners);
    AckLinkStore ackLinks = new AckLinkStore(ds, clock, new SecureRandom());
    AckLinkRoute ackLink = new AckLinkRoute(ackLinks, alerts, ack, clock);
    return new Router()
        .add("POST", "/api/v1/events", AGENT, new EventsRoute(ctx, ingest, contacts))
        .add("POST", "/api/v1/metrics", AGENT, new MetricsRoute(ctx, ingest, contacts))
        .add("POST", "/api/v1/heartbeat", AGENT, new HeartbeatRoute(ctx, ingest, contacts))
        .add("POST", "/api/v1/logs", AGENT, db(logs::post))
        .add("GET", "/api/v1/logs", READ, db(logs::list))
        .add("GET", "/api/v1/alerts", READ, db(new AlertsRoute(ctx, alerts, new FlapFlags(ds))))
        .add("POST", "/api/v1/alerts/{id}/ack", ADMIN, db(ack))
        // One-click ack (docs/notifier.md): the token in the path is the caller's credential.
        .add("GET", "/ack/{token}", PUBLIC, db(ackLink::show))
        .add("POST", "/ack/{token}", PUBLIC, db(ackLink::ack))
        .add("POST", "/api/v1/ack-links/rotate", ADMIN, db(r -> rotate(ctx, ackLinks, r)))
        .add("GET", "/api/v1/silences", ADMIN, db(silences::list))
        .add("POST", "/api/v1/silences", ADMIN, db(silences::create))
        .add("DELETE", "/api/v1/silences/{id}", ADMIN, db(silences::delete))
        .add("GET", "/api/v1/maintenance", READ, db(maintenance::list))
        .add("POST", "/api/v1/maintenance", ADMIN, db(maintenance::create))
        .add("DELETE", "/api/v1/maintenance/{id}", ADMIN, db(maintenance::delete))
        .add(
            "GET",
            "/api/v1/hosts",
            READ,
            db(
                new HostsRoute(
                    ctx,
                    ds,
                    ingest,
                    () -> reloaded.get().hosts(),
                    () -> reloaded.get().hostTimeout().toMillis())))
        .add("GET", "/api/v1/services", READ, Handler.sync(services::list))
        .add("GET", "/api/v1/tree", READ, Handler.sync(services::tree))
        .add("POST", "/api/v1/actions", ADMIN, db(actionsRoute::request))
        .add("GET", "/api/v1/actions", READ, db(actionsRoute::list))
        .add("GET", "/api/v1/actions/{id}", READ, db(actionsRoute::get))
        .add("GET", "/api/v1/agent/actions", AGENT, dbAsync(agentActions::poll))
        .add("POST", "/api/v1/agent/actions/report", AGENT, db(agentActions::report))
        .add("GET", "/api/v1/notifications", READ, db(ledgerRoute::list))
        .add("POST", "/api/v1/test-mail", ADMIN, db(testMail::request))
        .add("GET", "/api/v1/test-mail/{id}", READ, db(testMail::status))
        .add("GET", "/api/v1/status", READ, Handler.sync(status))
        .add("GET", "/api/v1/samples", READ, db(new SamplesRoute(ctx, new SampleQueries(ds))))
        .add(
            "GET",
            "/api/v1/stream",
            READ,
            Handler.sync(new StreamRoute(ctx, feed, streams, limited)))
        .add("GET", "/", PUBLIC, Handler.sync(page))
        .add("GET", "/app.js", PUBLIC, Handler.sync(page))
        .add("GET", "/app.css", PUBLIC, Handler.sync(page))
        .add("GET", "/healthz", PUBLIC, Handler.sync(healthRoutes::healthz))
        .add("GET", "/readyz", PUBLIC, Handler.sync(healthRoutes::readyz))
        .add("GET", "/metrics", READ, Handler.sync(healthRoutes::metrics));
  }

  /**
   * {@code POST /api/v1/ack-links/rotate} (admin): a new key signs the links mailed from now on;
   * the old one verifies its links until they expire (docs/notifier.md, "One-click ack").
   */
  private static Response rotate(ApiContext ctx, AckLinkStore links, Request r)
      throws SQLException {
    ctx.access().requireAdmin(r);
    AckLinkStore.Rotation rot = links.rotate();
    LoggerFactory.getLogger("pihealthd")
        .info("ack links: key {} now signs; {} key(s) retired", rot.keyId(), rot.retired());
    return ctx.ok(Map.of("key_id", rot.keyId(), "retired", rot.retired()));
  }

  /** An asynchronous database handler (the agents' long poll): 503 while the database is down. */
  private Handler dbAsync(Handler h) {
    return req -> {
      if (!health.ready()) {
        throw HttpError.unavailable("database unavailable");
      }
      try {
        return h.handle(req);
      } catch (SQLException e) {
        if (DatabaseHealth.isOutage(e)) {
          health.markDown(e.getMessage());
          throw HttpError.unavailable("database unavailable");
        }
        throw e;
      }
    };
  }

  /** Synchronous database handlers: 503 while the database is down, instead of a 500. */
  private Handler db(Handler.SyncHandler h) {
    return Handler.sync(
        req -> {
          try {
            return h.handle(req);
          } catch (SQLException e) {
            if (DatabaseHealth.isOutage(e) || !health.ready()) {
              health.markDown(e.getMessage());
              throw HttpError.unavailable("database unavailable");
            }
            throw e;
          }
        });
  }
}
