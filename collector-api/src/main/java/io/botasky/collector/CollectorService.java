package io.botasky.collector;

import com.zaxxer.hikari.HikariDataSource;
import io.botasky.collector.actions.ActionWaiters;
import io.botasky.collector.actions.Actions;
import io.botasky.collector.auth.Access;
import io.botasky.collector.http.HttpLimited;
import io.botasky.collector.http.HttpServer;
import io.botasky.collector.ingest.AckExpiryTicker;
import io.botasky.collector.ingest.AlertListeners;
import io.botasky.collector.ingest.AlertPartition;
import io.botasky.collector.ingest.DatabaseHealth;
import io.botasky.collector.ingest.Ingest;
import io.botasky.collector.ingest.IngestCounters;
import io.botasky.collector.ingest.SamplePartition;
import io.botasky.collector.ingest.WatchLease;
import io.botasky.collector.inventory.Inventory;
import io.botasky.collector.inventory.InventoryTicker;
import io.botasky.collector.inventory.OpenAlerts;
import io.botasky.collector.inventory.ServiceView;
import io.botasky.collector.live.EventFeed;
import io.botasky.collector.live.OwnLines;
import io.botasky.collector.live.PeerCommits;
import io.botasky.collector.redis.PeerWakeup;
import io.botasky.collector.redis.WakeupPublisher;
import io.botasky.collector.store.ActionStore;
import io.botasky.collector.store.AlertQueries;
import io.botasky.collector.store.InventorySql;
import io.botasky.collector.store.LogStore;
import io.botasky.collector.store.Retention;
import io.botasky.common.alert.ValidEvent;
import io.botasky.common.cli.VersionProvider;
import io.botasky.common.conf.PihealthdSettings;
import io.botasky.common.config.ConfigException;
import io.botasky.common.config.Problem;
import io.botasky.common.db.DataSources;
import io.botasky.common.lifecycle.NamedThreadFactory;
import io.botasky.common.lifecycle.Reloadable;
import io.botasky.common.lifecycle.Service;
import io.botasky.common.log.LogSetup;
import io.botasky.common.log.Secrets;
import io.botasky.common.text.SafeText;
import io.botasky.common.time.Backoff;
import io.botasky.common.wire.AlertState;
import io.botasky.common.wire.Severity;
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
import java.net.URI;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * pihealthd wired together and its lifecycle: database pool, ingest partitions, HTTP server (its
 * routes in {@link CollectorRoutes}), metrics. The HTTP server starts at once (so /healthz answers
 * and /readyz says why not ready); the database side starts, and keeps retrying, in the background
 * ({@link DatabaseBootstrap}) — a database that is down at start is waited for, never a reason to
 * exit.
 */
public final class CollectorService implements Service, Reloadable {
  private static final Logger log = LoggerFactory.getLogger("pihealthd");

  private final PihealthdSettings conf;
  private final Map<String, String> agentTokens;
  private final SslContext ssl;
  private final Clock clock;
  private final ConfigSource source;
  // The settings of the last good reload: only the keys a reload may change are read from it.
  private volatile PihealthdSettings live;
  private Access access;
  private Ingest ingest;
  private InventoryTicker inventoryTicker;
  private boolean reloadFailed;
  private final DatabaseHealth health = new DatabaseHealth();
  private final AlertListeners listeners = new AlertListeners();
  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final List<AlertPartition> alertPartitions = new ArrayList<>();
  private final List<SamplePartition> samplePartitions = new ArrayList<>();
  private HikariDataSource ds;
  private HttpServer http;
  private EventFeed feed;
  private volatile PeerCommits peers;
  private PeerWakeup peerWakeup;
  private WakeupPublisher redis;
  private ScheduledExecutorService scheduler;
  private Actions actions;
  private ScheduledExecutorService inventoryTicks;
  private WatchLease lease;
  private final Inventory inventory = new Inventory();
  private ScheduledExecutorService ownLogs;
  private AutoCloseable forwarding;
  private Thread bootstrap;
  private long startedAt;
  private volatile boolean stopped;

  /** Reads the configuration again for a reload: the same read as at start. */
  @FunctionalInterface
  public interface ConfigSource {
    CollectorConfig read() throws ConfigException;
  }

  public CollectorService(
      PihealthdSettings conf, Map<String, String> agentTokens, SslContext ssl, Clock clock) {
    this(
        conf,
        agentTokens,
        ssl,
        clock,
        () -> {
          throw ConfigException.of(
              String.valueOf(conf.file()), "this collector was not started from a file");
        });
  }

  public CollectorService(
      PihealthdSettings conf,
      Map<String, String> agentTokens,
      SslContext ssl,
      Clock clock,
      ConfigSource source) {
    this.conf = conf;
    this.live = conf;
    this.agentTokens = agentTokens;
    this.ssl = ssl;
    this.clock = clock;
    this.source = source;
  }

  @Override
  public void start() throws Exception {
    startedAt = clock.millis();
    log.info(
        "start: pihealthd {} (master {}), config {}, database {}, data in {}",
        VersionProvider.version(),
        conf.master(),
        conf.file(),
        conf.db().describe(),
        conf.dataDir());
    JvmMetricNames names = new JvmMetricNames();
    registry.config().meterFilter(names);
    names.bindTo(registry);
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
    // Several collectors on one database (docs/collector.md, "Several collectors"): the watch
    // duties run on the holder of this lease; its ticks start with the database (bootstrap).
    lease =
        new WatchLease(
            ds,
            clock,
            "pihealthd@" + Pihealthd.hostName() + ":" + conf.clientPort(),
            VersionProvider.version(),
            startedAt,
            conf.hostTimeout());
    Gauge.builder("botasky_collector_leader", lease, l -> l.leads() ? 1 : 0)
        .description(
            "1 while this collector holds the watch lease (host_down, split_brain, retention),"
                + " 0 on a standby")
        .register(registry);
    Gauge.builder("botasky_collector_lease_term", lease, WatchLease::term)
        .description("The term of the watch lease this collector holds, 0 when it holds none")
        .register(registry);
    IngestCounters counters = new IngestCounters(registry);
    feed = new EventFeed(new AlertQueries(ds), clock);
    listeners.add(feed);
    // The service inventory (docs/collector.md, "Service inventory"): loaded by the bootstrap,
    // written by the partitions, derived by its ticker on its own thread.
    OpenAlerts openAlerts = new OpenAlerts(new AlertQueries(ds));
    listeners.add(openAlerts::changed);
    // The collector's own WARN/ERROR lines in the log view (docs/collector.md, "Log view").
    OwnLines own =
        new OwnLines(new LogStore(ds), conf.master(), "pihealthd", feed, health::ready, clock);
    ownLogs =
        Executors.newSingleThreadScheduledExecutor(
            new NamedThreadFactory("pihealthd-ownlog", true));
    ownLogs.scheduleWithFixedDelay(own, 1, 1, TimeUnit.SECONDS);
    forwarding = LogSetup.forwardWarnings(own::offer, Set.of(OwnLines.LOGGER));
    // One alert writer: it commits everything queued while its previous transaction ran, so its
    // batches grow with the load (group commit). A second one only halves them: measured on two
    // cores, 25-30 % more CPU per event (collector and MariaDB) for no more events per second
    // (docs/collector.md, "Sizing and measured throughput"). Samples, plain inserts that lock no
    // alert, keep two writers where the pool allows.
    alertPartitions.add(
        new AlertPartition(
            "pihealthd-alerts-0",
            8192,
            ds,
            conf.db().dialect(),
            health,
            clock,
            conf.hostTimeout(),
            startedAt,
            listeners,
            hosts -> {
              feed.beat(hosts);
              PeerCommits p = peers;
              if (p != null) {
                p.beat(hosts);
              }
            },
            counters,
            inventory));
    int writers = Math.max(1, Math.min(2, (conf.dbPoolSize() - 3) / 2));
    for (int i = 0; i < writers; i++) {
      samplePartitions.add(
          new SamplePartition(
              "pihealthd-samples-" + i, 1024, ds, conf.db().dialect(), health, clock, counters));
    }
    Ingest ingest = new Ingest(alertPartitions, samplePartitions, health);
    this.ingest = ingest;
    Gauge.builder(
            "botasky_ingest_queue_depth",
            ingest,
            in -> in.depths().stream().mapToInt(Integer::intValue).sum())
        .description("Agent requests waiting in the ingest queues for a database writer")
        .register(registry);

    scheduler =
        Executors.newScheduledThreadPool(2, new NamedThreadFactory("pihealthd-sched", true));
    // Controlled actions (docs/collector.md, "Controlled actions"): the agents' long polls wait on
    // the scheduler's timers, and the expiry runs there every second.
    actions =
        new Actions(
            new ActionStore(ds),
            inventory,
            new ActionWaiters(scheduler),
            feed,
            () -> ingest,
            health::ready,
            clock,
            conf.actionExpiry());
    scheduler.scheduleWithFixedDelay(actions, 1, 1, TimeUnit.SECONDS);
    // What the other collectors on this database commit (docs/collector.md, "Several
    // collectors"): to the same listeners as a local commit, not to the Redis wake-up (that
    // collector published its own).
    Actions acts = actions;
    peers =
        new PeerCommits(
            ds,
            inventory,
            new PeerCommits.Targets(
                ids -> {
                  feed.changed(ids);
                  openAlerts.changed(ids);
                },
                feed,
                feed::logs,
                acts::peerChanged),
            health::ready,
            clock);
    peers.start();
    if (!conf.redisUrl().isEmpty()) {
      // Another collector's alert commit rings the poll at once (docs/collector.md).
      peerWakeup =
          new PeerWakeup(
              URI.create(conf.redisUrl()),
              peers::wake,
              new Backoff(
                  Duration.ofMillis(500), Duration.ofSeconds(30), RandomGenerator.getDefault()));
      Thread t = new Thread(peerWakeup, "pihealthd-redis-sub");
      t.setDaemon(true);
      t.start();
    }

    HttpLimited limited = new HttpLimited(registry, clock);
    access = new Access(agentTokens, conf.adminToken(), conf.readToken());
    CollectorRoutes routes =
        new CollectorRoutes(
            conf,
            clock,
            ds,
            health,
            listeners,
            registry,
            feed,
            startedAt,
            () -> redis == null ? Map.of("configured", false) : redis.status(),
            inventory,
            actions,
            () -> live,
            lease);
    http =
        new HttpServer(
            conf.bind(),
            conf.clientPort(),
            (int) conf.maxBody(),
            ssl,
            routes.router(ingest, access, limited),
            this::observe,
            Math.max(4, Runtime.getRuntime().availableProcessors() * 2),
            conf.httpLimits(),
            access::check,
            limited);
    try {
      http.start();
    } catch (HttpServer.BindFailure e) {
      ds.close();
      throw e;
    }
    log.info(
        "ready: pihealthd listening on {}:{} ({})",
        conf.bind(),
        http.boundPort(),
        ssl != null ? "https" : "http");
    if (agentTokens.isEmpty() && conf.adminToken().isEmpty()) {
      log.warn("start: neither agent_tokens nor admin_token is set: no agent can report");
    }

    inventoryTicks =
        Executors.newSingleThreadScheduledExecutor(
            new NamedThreadFactory("pihealthd-inventory", true));
    InventoryTicker ticker =
        inventoryTicker =
            new InventoryTicker(
                inventory,
                openAlerts,
                // Every collector's host states are read from the database each second (the
                // host check), heartbeats other collectors stored included.
                ingest::hosts,
                conf.hostTimeout().toMillis(),
                startedAt,
                clock,
                changed -> {
                  try (Connection c = ds.getConnection()) {
                    InventorySql.saveStates(c, changed);
                  }
                },
                (changed, removed) ->
                    feed.services(
                        changed.stream().map(ServiceView::of).toList(),
                        removed.stream().map(ServiceView::of).toList()),
                // Only the holder of the watch lease writes service states (docs/collector.md,
                // "Several collectors").
                lease::leads);
    bootstrap =
        new Thread(
            new DatabaseBootstrap(
                conf,
                ds,
                health,
                clock,
                ingest,
                lease,
                samplePartitions,
                scheduler,
                () -> stopped,
                new DatabaseBootstrap.InventoryStart(
                    inventory,
                    openAlerts,
                    () -> {
                      ticker.seed();
                      inventoryTicks.scheduleWithFixedDelay(ticker, 1, 1, TimeUnit.SECONDS);
                    }),
                () -> retention(live),
                new AckExpiryTicker(ds, clock, lease, listeners)),
            "pihealthd-bootstrap");
    bootstrap.setDaemon(true);
    bootstrap.start();
  }

  private static Retention.Limits retention(PihealthdSettings s) {
    return new Retention.Limits(
        s.retentionSamples(), s.retentionAlerts(), s.retentionLogs(), Set.copyOf(s.hosts()));
  }

  /**
   * SIGHUP (docs/operations.md, "Reload"): reads the configuration whole; a file with any error is
   * refused, every problem logged, {@code pihealthd/config/reload_failed} raised, and the collector
   * keeps the previous configuration. A good file swaps the tokens, {@code hosts}, {@code
   * host_timeout} and the retention keys; keys only a restart applies are named in the log. Called
   * on one thread only ({@code DaemonRunner}).
   */
  @Override
  public void reload() {
    if (stopped || ingest == null) {
      return;
    }
    CollectorConfig next;
    try {
      next = source.read();
    } catch (ConfigException e) {
      for (Problem p : e.problems()) {
        log.error("reload: {}", SafeText.line(Secrets.mask(p.toString())));
      }
      log.error(
          "reload: refused {} ({} problems), keeping the previous configuration",
          conf.file(),
          e.problems().size());
      reloadAlert(
          AlertState.FIRING,
          "configuration reload refused: " + e.problems().size() + " problems in " + conf.file());
      return;
    }
    PihealthdSettings n = next.conf();
    next.warnings().forEach(w -> log.warn("reload: {}", w));
    access.replace(next.tokens(), n.adminToken(), n.readToken());
    alertPartitions.forEach(p -> p.hostTimeout(n.hostTimeout()));
    lease.hostTimeout(n.hostTimeout());
    if (health.ready()) {
      // Before the database is up the bootstrap seeds the hosts itself, from the settings below.
      for (String h : n.hosts()) {
        if (!live.hosts().contains(h)) {
          ingest.partitionOf(h).expect(h, clock.millis());
        }
      }
    }
    if (inventoryTicker != null) {
      inventoryTicker.hostTimeout(n.hostTimeout().toMillis());
    }
    live = n;
    List<String> restart = CollectorReload.needsRestart(conf, n);
    if (!restart.isEmpty()) {
      log.warn("reload: needs a restart, ignored until then: {}", String.join(", ", restart));
    }
    log.info(
        "reload: ok, {} agent tokens, {} hosts listed, host_timeout {} s",
        next.tokens().size(),
        n.hosts().size(),
        n.hostTimeout().toSeconds());
    if (reloadFailed) {
      reloadAlert(AlertState.RESOLVED, "configuration reloaded");
    }
  }

  /**
   * Raises or resolves {@code pihealthd/config/reload_failed} through the collector's own ingest,
   * like its other own checks ({@code HostCheckTicker}); reported for the master's host.
   */
  private void reloadAlert(AlertState state, String summary) {
    ValidEvent e =
        new ValidEvent(
            UUID.randomUUID().toString(),
            conf.master(),
            "pihealthd",
            "config",
            "reload_failed",
            state,
            Severity.WARNING,
            state == AlertState.FIRING ? 1.0 : 0.0,
            1.0,
            summary,
            null,
            clock.millis());
    try {
      ingest.events(conf.master(), List.of(e)).get(5, TimeUnit.SECONDS);
      reloadFailed = state == AlertState.FIRING;
    } catch (Exception ex) {
      // The database may be down; the state stays as it was, so the next reload tries again.
      log.warn("reload: cannot store the reload_failed alert yet: {}", ex.toString());
      if (state == AlertState.FIRING) {
        reloadFailed = true;
      }
    }
  }

  /** The bound port (tests use port 0). */
  public int port() {
    return http.boundPort();
  }

  public DatabaseHealth health() {
    return health;
  }

  /**
   * {@code route} is a route pattern or "unmatched" and {@code method} one of a fixed set: a client
   * cannot add tags.
   */
  private void observe(String route, String method, int status, long nanos, String remote) {
    Timer.builder("botasky_http_requests")
        .description("HTTP requests answered, by route pattern, method and status")
        .tag("route", route)
        .tag("method", method)
        .tag("status", String.valueOf(status))
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofMillis(1))
        .maximumExpectedValue(Duration.ofSeconds(10))
        .register(registry)
        .record(nanos, TimeUnit.NANOSECONDS);
  }

  @Override
  public void stop() {
    if (stopped) {
      return;
    }
    stopped = true;
    if (actions != null) {
      // Long polls answered now, not held until the server's grace ends.
      actions.close();
    }
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
    if (lease != null) {
      // After the writers: a host_down being stored still holds its fence.
      lease.release();
    }
    if (inventoryTicks != null) {
      inventoryTicks.shutdownNow();
    }
    if (bootstrap != null) {
      bootstrap.interrupt();
    }
    if (redis != null) {
      redis.close();
    }
    if (forwarding != null) {
      try {
        forwarding.close();
      } catch (Exception e) {
        // Removing an appender does not fail.
      }
    }
    if (ownLogs != null) {
      ownLogs.shutdownNow();
    }
    if (peerWakeup != null) {
      peerWakeup.stop();
    }
    if (peers != null) {
      peers.close();
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
