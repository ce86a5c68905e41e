package io.botasky.agent;

import io.botasky.agent.action.ActionClient;
import io.botasky.agent.action.ActionCodec;
import io.botasky.agent.action.ActionJournal;
import io.botasky.agent.action.ActionScope;
import io.botasky.agent.alert.AlertTracker;
import io.botasky.agent.alert.FiringStore;
import io.botasky.agent.inventory.ConfiguredService;
import io.botasky.agent.inventory.ServiceBook;
import io.botasky.agent.linux.FsStats;
import io.botasky.agent.linux.ProcFs;
import io.botasky.agent.linux.UrandomIds;
import io.botasky.agent.logs.LogPump;
import io.botasky.agent.logs.LogQueue;
import io.botasky.agent.probe.ProbeCatalog;
import io.botasky.agent.probe.ProbeEnv;
import io.botasky.agent.probe.ProbeFactory;
import io.botasky.agent.probe.ProbeRunner;
import io.botasky.agent.probe.ScheduledProbe;
import io.botasky.agent.probe.SysinfoContributor;
import io.botasky.agent.probe.command.CommandProbeFactory;
import io.botasky.agent.probe.http.HttpProbeFactory;
import io.botasky.agent.probe.keepalived.KeepalivedProbeFactory;
import io.botasky.agent.probe.logfile.LogfileProbeFactory;
import io.botasky.agent.probe.mfs.MfsProbeFactory;
import io.botasky.agent.probe.mysql.MysqlProbeFactory;
import io.botasky.agent.probe.network.NetworkProbeFactory;
import io.botasky.agent.probe.ping.PingProbeFactory;
import io.botasky.agent.probe.process.ProcessProbeFactory;
import io.botasky.agent.probe.redis.RedisProbeFactory;
import io.botasky.agent.probe.system.Sleeper;
import io.botasky.agent.probe.system.SystemProbeFactory;
import io.botasky.agent.probe.tcp.TcpProbeFactory;
import io.botasky.agent.spool.Spool;
import io.botasky.agent.spool.SpoolProbe;
import io.botasky.agent.spool.SpoolSettings;
import io.botasky.agent.transport.CollectorClient;
import io.botasky.agent.transport.HttpTransport;
import io.botasky.agent.transport.Masters;
import io.botasky.agent.transport.SpoolDeliverer;
import io.botasky.agent.wire.WireCodec;
import io.botasky.common.cli.VersionProvider;
import io.botasky.common.config.ConfigException;
import io.botasky.common.config.ConfigReport;
import io.botasky.common.config.IniFile;
import io.botasky.common.exec.Capabilities;
import io.botasky.common.exec.CommandRunner;
import io.botasky.common.lifecycle.NamedThreadFactory;
import io.botasky.common.log.LogRate;
import io.botasky.common.time.Backoff;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/** Builds the agent from its configuration: the one place where collaborators are created. */
public final class AgentWiring {
  private final HostEnv env;
  private final CommandRunner commands;
  private final FsStats fsStats;
  private final Sleeper sleeper;
  private final Capabilities capabilities;
  private final LogQueue logQueue = new LogQueue(LOG_QUEUE);
  // Ids of events, batches and action reports: the kernel's random bytes, without the JCA.
  private final Supplier<UUID> ids = new UrandomIds(Path.of("/dev/urandom"));

  /** Lines waiting for the log pump; more are counted as dropped (docs/probes/logfile.md). */
  static final int LOG_QUEUE = 2000;

  /** Wiring whose capabilities are unknown (tests): no probe claims one is missing. */
  public AgentWiring(HostEnv env, CommandRunner commands, FsStats fsStats, Sleeper sleeper) {
    this(env, commands, fsStats, sleeper, null);
  }

  /**
   * @param capabilities the agent's own, read at start (the keepalived probe names those it lacks)
   */
  public AgentWiring(
      HostEnv env,
      CommandRunner commands,
      FsStats fsStats,
      Sleeper sleeper,
      Capabilities capabilities) {
    this.env = env;
    this.commands = commands;
    this.fsStats = fsStats;
    this.sleeper = sleeper;
    this.capabilities = capabilities;
  }

  public HostEnv env() {
    return env;
  }

  public ProbeEnv probeEnv() {
    return new ProbeEnv(
        env.clock(),
        env.procRoot(),
        env.sysRoot(),
        env.etcRoot(),
        env.runRoot(),
        env.logRoot(),
        commands,
        capabilities);
  }

  /** Where forwarded log lines wait: the logfile sections' and the agent's own WARN/ERROR. */
  public LogQueue logQueue() {
    return logQueue;
  }

  public SystemProbeFactory systemFactory() {
    return new SystemProbeFactory(fsStats, sleeper);
  }

  /** Every probe factory of this build, listed explicitly. */
  public ProbeCatalog catalog() {
    List<ProbeFactory> list = new ArrayList<>();
    list.add(systemFactory());
    list.add(new MysqlProbeFactory());
    list.add(new RedisProbeFactory());
    list.add(new ProcessProbeFactory());
    list.addAll(MfsProbeFactory.all());
    list.add(new KeepalivedProbeFactory());
    list.add(new CommandProbeFactory());
    list.add(new HttpProbeFactory());
    list.add(new TcpProbeFactory());
    list.add(new PingProbeFactory());
    list.add(new NetworkProbeFactory());
    list.add(new LogfileProbeFactory(logQueue));
    return new ProbeCatalog(list);
  }

  /**
   * Reads and validates {@code file}: every problem at once, as a ConfigException (exit 78).
   *
   * @param selected section types picked by selectors; empty = every configured section
   * @param daemon true to run the agent (needs a collector), false for {@code check}
   */
  public LoadedConfig load(Path file, Set<String> selected, boolean daemon) throws ConfigException {
    ConfigReport report = new ConfigReport();
    IniFile ini = IniFile.read(file, report);
    var agentSection = ini.sectionOrEmpty("agent");
    AgentSettings settings = AgentSettings.read(agentSection, env.home(), defaultHost(), daemon);
    agentSection.finish();
    List<ConfiguredService> services =
        ConfiguredService.readAll(
            catalog(), ini, probeEnv().withHost(settings.host()), selected, settings.services());
    if (services.stream().allMatch(s -> s.probes().isEmpty()) && !report.hasErrors()) {
      report.error(
          new io.botasky.common.config.Source(file.toString(), 0),
          null,
          null,
          "no probe section configured (add [system] at least)");
    }
    report.throwIfErrors();
    return new LoadedConfig(settings, services, report.warnings());
  }

  private String defaultHost() {
    try {
      return new ProcFs(env.procRoot()).hostname();
    } catch (IOException e) {
      return "localhost";
    }
  }

  /** The running agent; opens (and locks) the spool. */
  public AgentService service(LoadedConfig cfg) throws IOException {
    return service(cfg, null);
  }

  /**
   * As above; {@code reload} reads colConfig.ini again on SIGHUP (docs/operations.md, "Reload"),
   * null when there is no file to read again.
   */
  public AgentService service(LoadedConfig cfg, AgentReload.Source reload) throws IOException {
    AgentSettings s = cfg.settings();
    WireCodec json = new WireCodec();
    Spool spool =
        Spool.open(
            new SpoolSettings(
                s.dataDir(),
                s.backupDir(),
                s.fileMax(),
                s.flushEvery(),
                s.spoolMax(),
                Math.min(s.spoolMax(), 4L << 20)),
            env.clock(),
            json,
            ids);
    List<ScheduledProbe> probes = new ArrayList<>(cfg.probes());
    probes.add(ScheduledProbe.of(new SpoolProbe(spool, s.spoolMax()), Duration.ofSeconds(30)));
    List<SysinfoContributor> contributors =
        probes.stream()
            .map(ScheduledProbe::probe)
            .filter(p -> p instanceof SysinfoContributor)
            .map(p -> (SysinfoContributor) p)
            .toList();
    String host = s.host();
    // One thread for the HTTP exchanges: requests go out one at a time.
    ExecutorService httpThread =
        Executors.newSingleThreadExecutor(new NamedThreadFactory("boagent-http", true));
    // One choice of master for every client, so spool, heartbeat and actions move together
    // (docs/agent.md, "Several masters").
    Masters masters = new Masters(s.masters(), s.tls());
    CollectorClient client =
        new CollectorClient(
            new HttpTransport(s.tls(), s.requestTimeout(), httpThread),
            masters,
            s.token(),
            s.requestTimeout());
    AlertTracker tracker = new AlertTracker(s.alerts(), ids);
    ServiceBook book = new ServiceBook(cfg.services(), tracker);
    SpoolDeliverer deliverer =
        new SpoolDeliverer(
            spool,
            json,
            client,
            // Jitter from a SplittableRandom, not RandomGenerator.getDefault(): that one finds its
            // algorithm by a ServiceLoader scan reading annotations (reflection, a proxy class),
            // classes the agent would keep for nothing (docs/agent.md, "Footprint").
            new Backoff(Duration.ofSeconds(1), deliveryCap(s), new SplittableRandom()),
            env.clock(),
            host,
            VersionProvider.version(),
            s.heartbeat(),
            () -> sysinfo(host, contributors),
            book::snapshot);
    // One thread: it only starts rounds on the workers and fires their deadlines, never waits
    // for one, so a long round (the runaway scan's 10 s, a hanging command) holds up nothing.
    ScheduledThreadPoolExecutor scheduler =
        new ScheduledThreadPoolExecutor(1, new NamedThreadFactory("boagent-sched", true));
    // The deadline of a round that ended in time is cancelled: gone from the queue at once
    // rather than waking the thread when it falls due.
    scheduler.setRemoveOnCancelPolicy(true);
    ExecutorService workers =
        Executors.newCachedThreadPool(new NamedThreadFactory("boagent-probe", true));
    FiringStore firing = new FiringStore(s.dataDir().resolve("firing.state"), json);
    RoundHandler rounds = new RoundHandler(tracker, spool, firing, deliverer, book);
    LogPump logs =
        new LogPump(
            logQueue, new LogRate(s.logRate(), "boagent"), spool, deliverer::wake, env.clock());
    ProbeRunner runner = new ProbeRunner(probes, env.clock(), scheduler, workers, rounds::onRound);
    AtomicReference<LoadedConfig> current = new AtomicReference<>(cfg);
    ActionClient actions = actions(s, masters, current);
    deliverer.onInventoryHeld(actions::inventoryHeld);
    // One wake-up a second for both, not two: each costs the scheduler's queue work and a context
    // switch in code that stays interpreted (docs/agent.md, "Footprint"). Neither throws.
    scheduler.scheduleWithFixedDelay(
        () -> {
          logs.run();
          actions.tick();
        },
        1,
        1,
        TimeUnit.SECONDS);
    AgentReload reloader =
        reload == null
            ? null
            : new AgentReload(
                reload,
                current,
                new AgentReload.Parts(runner, book, tracker, spool, firing, deliverer),
                env.clock());
    return new AgentService(
        reloader,
        s,
        runner,
        tracker,
        spool,
        deliverer,
        scheduler,
        workers,
        env.clock(),
        firing,
        logs,
        actions);
  }

  /** The long poll's wait (docs/api.md: 0 to 30 s). */
  static final Duration ACTION_WAIT = Duration.ofSeconds(25);

  /** Between SIGTERM and SIGKILL of an action's group at its timeout. */
  static final Duration ACTION_GRACE = Duration.ofSeconds(5);

  /**
   * The action client (docs/agent.md, "Controlled actions"), with a transport of its own: its long
   * poll holds a request open for 25 s, which must not hold up the spool's deliveries, and a report
   * goes out while a poll is open.
   *
   * @param masters the masters the spool is delivered to: the long poll and reports follow them
   * @param current the configuration in force: every action is checked against what it holds then
   */
  private ActionClient actions(
      AgentSettings s, Masters masters, AtomicReference<LoadedConfig> current) {
    ExecutorService actionHttp =
        Executors.newCachedThreadPool(new NamedThreadFactory("boagent-actions-http", true));
    CollectorClient client =
        new CollectorClient(
            new HttpTransport(s.tls(), s.requestTimeout(), actionHttp),
            masters,
            s.token(),
            s.requestTimeout());
    ActionCodec codec = new ActionCodec();
    Duration cap = s.retryMax().compareTo(ACTION_WAIT) < 0 ? s.retryMax() : ACTION_WAIT;
    return new ActionClient(
        client,
        codec,
        new ActionJournal(s.dataDir().resolve("actions.journal"), codec),
        commands,
        () -> {
          LoadedConfig c = current.get();
          return new ActionScope(c.services(), c.settings().services().allowPower());
        },
        env.clock(),
        ids,
        new Backoff(Duration.ofSeconds(1), cap, new SplittableRandom()),
        s.host(),
        ACTION_WAIT,
        ACTION_GRACE,
        Executors.newCachedThreadPool(new NamedThreadFactory("boagent-action-run", true)));
  }

  private static Map<String, Object> sysinfo(String host, List<SysinfoContributor> contributors) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("hostname", host);
    for (SysinfoContributor c : contributors) {
      c.contribute(m);
    }
    return m;
  }

  /**
   * The longest wait between two attempts to reach the collector: {@code retry_max}, but never
   * longer than {@code heartbeat}, so the host's heartbeat reaches a collector that comes back
   * within one interval (docs/agent-spool.md, "When the collector is away"). With 2 minutes, a
   * collector down for a minute found its agents silent for up to two more and raised host_down for
   * live hosts (2-hour soak).
   */
  static Duration deliveryCap(AgentSettings s) {
    return s.retryMax().compareTo(s.heartbeat()) < 0 ? s.retryMax() : s.heartbeat();
  }
}
