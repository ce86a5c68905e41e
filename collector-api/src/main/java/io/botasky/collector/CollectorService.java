package io.botasky.collector;

import static io.botasky.collector.http.RouteAccess.ADMIN;
import static io.botasky.collector.http.RouteAccess.AGENT;
import static io.botasky.collector.http.RouteAccess.PUBLIC;
import static io.botasky.collector.http.RouteAccess.READ;

import com.zaxxer.hikari.HikariDataSource;
import io.botasky.collector.api.AckRoute;
import io.botasky.collector.api.AgentContacts;
import io.botasky.collector.api.AlertsRoute;
import io.botasky.collector.api.ApiContext;
import io.botasky.collector.api.EventsRoute;
import io.botasky.collector.api.HealthRoutes;
import io.botasky.collector.api.HeartbeatRoute;
import io.botasky.collector.api.HostsRoute;
import io.botasky.collector.api.JsonBodies;
import io.botasky.collector.api.LedgerRoute;
import io.botasky.collector.api.MetricsRoute;
import io.botasky.collector.api.SamplesRoute;
import io.botasky.collector.api.SilencesRoute;
import io.botasky.collector.api.StaticRoute;
import io.botasky.collector.api.StreamRoute;
import io.botasky.collector.api.StatusRoute;
import io.botasky.collector.auth.Access;
import io.botasky.collector.http.Handler;
import io.botasky.collector.http.HttpLimited;
import io.botasky.collector.http.HttpServer;
import io.botasky.collector.http.Router;
import io.botasky.collector.ingest.AlertListeners;
import io.botasky.collector.ingest.AlertPartition;
import io.botasky.common.alert.AlertRow;
import io.botasky.collector.ingest.DatabaseHealth;
import io.botasky.collector.ingest.HostState;
import io.botasky.collector.ingest.Ingest;
import io.botasky.collector.ingest.IngestCounters;
import io.botasky.collector.ingest.SamplePartition;
import io.botasky.collector.ingest.HostCheckTicker;
import io.botasky.collector.live.EventFeed;
import io.botasky.collector.live.PeerSlots;
import io.botasky.collector.redis.WakeupPublisher;
import io.botasky.collector.store.AlertQueries;
import io.botasky.collector.store.AlertSql;
import io.botasky.collector.store.HostSql;
import io.botasky.collector.store.LedgerQueries;
import io.botasky.collector.store.Retention;
import io.botasky.collector.store.SampleQueries;
import io.botasky.collector.store.SilenceStore;
import io.botasky.common.cli.VersionProvider;
import io.botasky.common.conf.PihealthdConf;
import io.botasky.common.db.DataSources;
import io.botasky.common.db.Migrations;
import io.botasky.common.lifecycle.NamedThreadFactory;
import io.botasky.common.lifecycle.Service;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.handler.ssl.SslContext;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * pihealthd wired together: database pool, ingest partitions, HTTP server, host check ticker, retention.
 * The HTTP server starts at once (so /healthz answers and /readyz says why not ready); the database
 * side starts, and keeps retrying, in the background — a database that is down at start is waited
 * for, never a reason to exit.
 */
public final class CollectorService implements Service {
  private static final Logger log = LoggerFactory.getLogger("pihealthd");

  private final PihealthdConf conf;
  private final Map<String, String> agentTokens;
  private final SslContext ssl;
  private final Clock clock;
  private final DatabaseHealth health = new DatabaseHealth();
  private final AlertListeners listeners = new AlertListeners();
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final List<AlertPartition> alertPartitions = new ArrayList<>();
  private final List<SamplePartition> samplePartitions = new ArrayList<>();
  private HikariDataSource ds;
  private HttpServer http;
  private EventFeed feed;
  private WakeupPublisher redis;
  private ScheduledExecutorService scheduler;
  private Thread bootstrap;
  private long startedAt;
  private volatile boolean stopped;

  public CollectorService(PihealthdConf conf, Map<String, String> agentTokens, SslContext ssl, Clock clock) {
    this.conf = conf;
    this.agentTokens = agentTokens;
    this.ssl = ssl;
    this.clock = clock;
  }

  @Override
  public void start() throws Exception {
    startedAt = clock.millis();
    log.info("start: pihealthd {} (master {}), config {}, database {}, data in {}", VersionProvider.version(),
        conf.master(), conf.file(), conf.db().describe(), conf.dataDir());
    new JvmMemoryMetrics().bindTo(registry);
    new JvmGcMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);

    ds = DataSources.open(conf.db(), "pihealthd-db");
    ds.setMetricRegistry(registry);
    if (!conf.redisUrl().isEmpty()) {
      redis = new WakeupPublisher(conf.redisUrl());
      listeners.add(redis);
    }
    IngestCounters counters = new IngestCounters(registry);
    feed = new EventFeed(new AlertQueries(ds), clock);
    listeners.add(feed);
    // Two writers keep one transaction in flight while the next batch gathers; more would only
    // contend for the same InnoDB log flush on a small machine.
    int writers = Math.max(1, Math.min(2, (conf.dbPoolSize() - 2) / 2));
    for (int i = 0; i < writers; i++) {
      alertPartitions.add(new AlertPartition("pihealthd-alerts-" + i, 4096, ds, conf.db().dialect(), health, clock, conf.hostTimeout(),
          startedAt, listeners, feed, counters));
      samplePartitions.add(new SamplePartition("pihealthd-samples-" + i, 1024, ds, conf.db().dialect(), health, clock, counters));
    }
    Ingest ingest = new Ingest(alertPartitions, samplePartitions, health);
    Gauge.builder("botasky_ingest_queue_depth", ingest, in -> in.depths().stream().mapToInt(Integer::intValue).sum()).register(registry);

    HttpLimited limited = new HttpLimited(registry, clock);
    Access access = new Access(agentTokens, conf.adminToken(), conf.readToken());
    http = new HttpServer(conf.bind(), conf.clientPort(), (int) conf.maxBody(), ssl, router(ingest, access, limited),
        this::observe, Math.max(4, Runtime.getRuntime().availableProcessors() * 2), conf.httpLimits(), access::check, limited);
    try {
      http.start();
    } catch (HttpServer.BindFailure e) {
      ds.close();
      throw e;
    }
    log.info("ready: pihealthd listening on {}:{} ({})", conf.bind(), http.boundPort(), ssl != null ? "https" : "http");
    if (agentTokens.isEmpty() && conf.adminToken().isEmpty()) {
      log.warn("start: neither agent_tokens nor admin_token is set: no agent can report");
    }

    scheduler = Executors.newScheduledThreadPool(2, new NamedThreadFactory("pihealthd-sched", true));
    bootstrap = new Thread(() -> bootstrapDatabase(ingest), "pihealthd-bootstrap");
    bootstrap.setDaemon(true);
    bootstrap.start();
  }

  /** The bound port (tests use port 0). */
  public int port() {
    return http.boundPort();
  }

  public DatabaseHealth health() {
    return health;
  }

  /** The routes, each with who may call it (checked on the request head, before any body is read). */
  private Router router(Ingest ingest, Access access, HttpLimited limited) throws java.io.IOException {
    ApiContext ctx = new ApiContext(access, new JsonBodies(conf.maxBody()), clock);
    AgentContacts contacts = new AgentContacts();
    AlertQueries alerts = new AlertQueries(ds);
    LedgerQueries ledger = new LedgerQueries(ds);
    SilencesRoute silences = new SilencesRoute(ctx, new SilenceStore(ds));
    LedgerRoute ledgerRoute = new LedgerRoute(ctx, ledger, listeners);
    HealthRoutes healthRoutes = new HealthRoutes(ctx, health, registry);
    StaticRoute page = new StaticRoute();
    StatusRoute status = new StatusRoute(ctx, conf.master(), startedAt, health, conf.db().describe(),
        () -> redis == null ? Map.of("configured", false) : redis.status(), ledger);
    PeerSlots streams = new PeerSlots(conf.httpLimits().maxStreamsPerPeer());
    return new Router()
        .add("POST", "/api/v1/events", AGENT, new EventsRoute(ctx, ingest, contacts))
        .add("POST", "/api/v1/metrics", AGENT, new MetricsRoute(ctx, ingest, contacts))
        .add("POST", "/api/v1/heartbeat", AGENT, new HeartbeatRoute(ctx, ingest, contacts))
        .add("GET", "/api/v1/alerts", READ, db(new AlertsRoute(ctx, alerts)))
        .add("POST", "/api/v1/alerts/{id}/ack", ADMIN, db(new AckRoute(ctx, alerts, listeners)))
        .add("GET", "/api/v1/silences", ADMIN, db(silences::list))
        .add("POST", "/api/v1/silences", ADMIN, db(silences::create))
        .add("DELETE", "/api/v1/silences/{id}", ADMIN, db(silences::delete))
        .add("GET", "/api/v1/hosts", READ, db(new HostsRoute(ctx, ds, ingest, conf.hosts(), conf.hostTimeout().toMillis())))
        .add("GET", "/api/v1/notifications", READ, db(ledgerRoute::list))
        .add("POST", "/api/v1/test-mail", ADMIN, db(ledgerRoute::testMail))
        .add("GET", "/api/v1/status", READ, Handler.sync(status))
        .add("GET", "/api/v1/samples", READ, db(new SamplesRoute(ctx, new SampleQueries(ds))))
        .add("GET", "/api/v1/stream", READ, Handler.sync(new StreamRoute(ctx, feed, streams, limited)))
        .add("GET", "/", PUBLIC, Handler.sync(page))
        .add("GET", "/app.js", PUBLIC, Handler.sync(page))
        .add("GET", "/app.css", PUBLIC, Handler.sync(page))
        .add("GET", "/healthz", PUBLIC, Handler.sync(healthRoutes::healthz))
        .add("GET", "/readyz", PUBLIC, Handler.sync(healthRoutes::readyz))
        .add("GET", "/metrics", READ, Handler.sync(healthRoutes::metrics));
  }

  /** Synchronous database handlers: 503 while the database is down, instead of a 500. */
  private Handler db(Handler.SyncHandler h) {
    return Handler.sync(req -> {
      try {
        return h.handle(req);
      } catch (SQLException e) {
        if (DatabaseHealth.isOutage(e) || !health.ready()) {
          health.markDown(e.getMessage());
          throw io.botasky.collector.http.HttpError.unavailable("database unavailable");
        }
        throw e;
      }
    });
  }

  /** {@code route} is a route pattern or "unmatched" and {@code method} one of a fixed set: a client cannot add tags. */
  private void observe(String route, String method, int status, long nanos, String remote) {
    Timer.builder("botasky_http_requests")
        .tag("route", route)
        .tag("method", method)
        .tag("status", String.valueOf(status))
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofMillis(1))
        .maximumExpectedValue(Duration.ofSeconds(10))
        .register(registry)
        .record(nanos, TimeUnit.NANOSECONDS);
  }

  /** Migrates and loads state, retrying until the database answers; then starts the writers. */
  private void bootstrapDatabase(Ingest ingest) {
    long wait = 1000;
    String lastProblem = null;
    while (!stopped) {
      try {
        int applied = Migrations.migrate(ds, conf.db().dialect());
        Set<String> split = loadState();
        alertPartitions.forEach(AlertPartition::start);
        samplePartitions.forEach(SamplePartition::start);
        health.markUp();
        log.info("ready: database {} reachable, schema up to date ({} migrations applied)", conf.db().describe(), applied);
        scheduler.scheduleWithFixedDelay(new HostCheckTicker(ingest, clock, conf.master(), split), 1, 1, TimeUnit.SECONDS);
        scheduler.scheduleWithFixedDelay(this::checkDatabase, 2, 2, TimeUnit.SECONDS);
        scheduler.scheduleWithFixedDelay(new Retention(ds, clock, conf.retentionSamples(), conf.retentionAlerts()), 1, 10, TimeUnit.MINUTES);
        return;
      } catch (Exception e) {
        String problem = rootMessage(e);
        health.markDown(problem);
        if (!problem.equals(lastProblem)) {
          log.error("start: database {} not usable yet, retrying: {}", conf.db().describe(), problem);
          lastProblem = problem;
        }
        try {
          Thread.sleep(wait);
        } catch (InterruptedException ie) {
          return;
        }
        wait = Math.min(wait * 2, 10_000);
      }
    }
  }

  /** Hosts known from the database and the config; which are down; which VIPs are in split brain. */
  private Set<String> loadState() throws SQLException {
    Set<String> split = new TreeSet<>();
    try (Connection c = ds.getConnection()) {
      Set<String> down = new HashSet<>();
      for (AlertRow r : AlertSql.open(c, "host", "host_down")) {
        down.add(r.host());
      }
      for (AlertRow r : AlertSql.open(c, "keepalived", "split_brain")) {
        split.add(r.instance());
      }
      for (HostSql.HostRow h : HostSql.all(c)) {
        ingestPartition(h.host()).seed(h.host(), new HostState(h.lastSeen(), down.contains(h.host()), Set.of()));
      }
      for (String h : conf.hosts()) {
        ingestPartition(h).seed(h, new HostState(0, down.contains(h), Set.of()));
      }
    }
    return split;
  }

  private AlertPartition ingestPartition(String host) {
    return alertPartitions.get(Math.floorMod(host.hashCode(), alertPartitions.size()));
  }

  private void checkDatabase() {
    try (Connection c = ds.getConnection()) {
      if (c.isValid(2)) {
        if (health.markUp()) {
          log.info("database: {} available again", conf.db().describe());
        }
        return;
      }
      markDown("connection not valid");
    } catch (SQLException | RuntimeException e) {
      markDown(rootMessage(e));
    }
  }

  private void markDown(String why) {
    if (health.markDown(why)) {
      log.error("database: {} unavailable, answering 503 until it returns: {}", conf.db().describe(), why);
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getMessage() == null ? t.toString() : t.getMessage();
  }

  @Override
  public void stop() {
    if (stopped) {
      return;
    }
    stopped = true;
    if (http != null) {
      http.stop(5000);
    }
    // All writers finish in parallel, within one budget that keeps the whole stop under 10 s.
    long deadline = System.nanoTime() + 3_000_000_000L;
    alertPartitions.forEach(AlertPartition::beginStop);
    samplePartitions.forEach(SamplePartition::beginStop);
    alertPartitions.forEach(p -> p.awaitStop(deadline));
    samplePartitions.forEach(p -> p.awaitStop(deadline));
    if (scheduler != null) {
      scheduler.shutdownNow();
    }
    if (bootstrap != null) {
      bootstrap.interrupt();
    }
    if (redis != null) {
      redis.close();
    }
    if (feed != null) {
      feed.close();
    }
    if (ds != null) {
      ds.close();
    }
    registry.close();
    log.info("stop: pihealthd stopped");
  }
}
