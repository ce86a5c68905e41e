package io.botasky.agent;

import io.botasky.agent.linux.JdkFsStats;
import io.botasky.agent.logs.LogPump;
import io.botasky.agent.probe.system.Sleeper;
import io.botasky.agent.spool.SpoolLockedException;
import io.botasky.common.cli.ConfigErrors;
import io.botasky.common.cli.ExitCodes;
import io.botasky.common.cli.VersionProvider;
import io.botasky.common.config.ConfigException;
import io.botasky.common.config.Problem;
import io.botasky.common.exec.Capabilities;
import io.botasky.common.exec.CommandRunner;
import io.botasky.common.exec.ProcessCommandRunner;
import io.botasky.common.lifecycle.DaemonRunner;
import io.botasky.common.log.LogSetup;
import io.botasky.common.wire.LogLine;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Callable;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code boagent}: the per-host agent. Without a subcommand it runs as a daemon. */
@Command(
    name = "boagent",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description =
        "Probes this host and its services, spools what it finds and delivers it to the collector.",
    subcommands = {ShowCommand.class, CheckCommand.class})
public final class Boagent implements Callable<Integer> {
  static final Path DEFAULT_CONFIG = Path.of("/etc/botasky/colConfig.ini");
  private static final String CONFIG_F = "-f";
  private static final String CONFIG_C = "-c";
  private static final String CONFIG_LONG = "--config";
  private static final String DEBUG = "--debug";
  private final AgentWiring wiring;
  private final PrintWriter out;
  private final PrintWriter err;
  private final AgentStarter starter;

  @Option(
      names = {CONFIG_F, CONFIG_C, CONFIG_LONG},
      paramLabel = "FILE",
      description = "colConfig.ini (default: ${DEFAULT-VALUE}).")
  Path config = DEFAULT_CONFIG;

  @Option(names = DEBUG, description = "Log at debug level.")
  boolean debug;

  @Mixin ScopeOptions scope;

  public Boagent(AgentWiring wiring, PrintWriter out, PrintWriter err, AgentStarter starter) {
    this.wiring = wiring;
    this.out = out;
    this.err = err;
    this.starter = starter;
  }

  AgentWiring wiring() {
    return wiring;
  }

  PrintWriter out() {
    return out;
  }

  PrintWriter err() {
    return err;
  }

  @Override
  public Integer call() throws Exception {
    LoadedConfig cfg;
    try {
      cfg = wiring.load(config, scope.types(), true);
    } catch (ConfigException e) {
      return ConfigErrors.report("boagent", e, err);
    }
    String problem = LogSetup.configure(cfg.settings().log(), debug);
    // The agent's own WARN and ERROR lines go to the log view too, source "boagent".
    LogSetup.forwardWarnings(
        (ts, level, text) -> wiring.logQueue().offer(new LogLine("boagent", level, ts, text)),
        Set.of(LogPump.LOGGER));
    var log = LoggerFactory.getLogger("boagent");
    if (problem != null) {
      log.warn("start: {}", problem);
    }
    for (Problem w : cfg.warnings()) {
      log.warn("config: {}", w);
    }
    log.info(
        "start: boagent {} with {} ({} probes)",
        VersionProvider.version(),
        config,
        cfg.probes().size());
    AgentService service;
    try {
      service = wiring.service(cfg, () -> wiring.load(config, scope.types(), true));
    } catch (SpoolLockedException e) {
      log.error("start: {}", e.getMessage());
      err.println("boagent: " + e.getMessage());
      err.flush();
      return ExitCodes.FAILURE;
    }
    return starter.run(service);
  }

  /**
   * Takes the daemon's own command line, {@code [-f|-c|--config FILE] [--debug]}, without picocli:
   * its model of the three commands is some 200 classes and their reflection data that would stay
   * in the agent's metaspace for months (docs/agent.md, "Footprint"). False for anything else
   * (subcommands, selectors, help, other spellings), which picocli parses as before.
   */
  boolean takeDaemonArgs(String[] args) {
    Path file = null;
    boolean dbg = false;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (a.equals(DEBUG) && !dbg) {
        dbg = true;
      } else if ((a.equals(CONFIG_F) || a.equals(CONFIG_C) || a.equals(CONFIG_LONG))
          && file == null
          && i + 1 < args.length
          && !args[i + 1].startsWith("-")) {
        try {
          file = Path.of(args[++i]);
        } catch (InvalidPathException e) {
          return false;
        }
      } else {
        return false;
      }
    }
    config = file == null ? DEFAULT_CONFIG : file;
    debug = dbg;
    scope = new ScopeOptions();
    return true;
  }

  /** {@link #call()} as picocli's execute() runs it: an exception is printed and exits 1. */
  int runDaemon() {
    try {
      return call();
    } catch (Exception e) {
      e.printStackTrace(err);
      err.flush();
      return ExitCodes.FAILURE;
    }
  }

  /** Runs a command line as the process does (tests go through here too, fast path included). */
  static int execute(Boagent boagent, String... args) {
    return boagent.takeDaemonArgs(args)
        ? boagent.runDaemon()
        : new CommandLine(boagent).execute(args);
  }

  /**
   * This process's capability sets; none (nothing to strip, nothing claimed) when they cannot be
   * read.
   */
  private static Capabilities ownCapabilities(HostEnv env, PrintWriter err) {
    try {
      return Capabilities.read(env.procRoot().resolve("self").resolve("status"));
    } catch (IOException e) {
      err.println("boagent: cannot read its own capabilities: " + e.getMessage());
      return Capabilities.NONE;
    }
  }

  /** The process entry: the real host, the real clock, and a daemon that stops on SIGTERM. */
  public static void main(String[] args) {
    LogSetup.consoleOnly(false);
    PrintWriter out = new PrintWriter(System.out, true);
    PrintWriter err = new PrintWriter(System.err, true);
    HostEnv env =
        HostEnv.real(
            Clock.systemDefaultZone(),
            Path.of(System.getProperty("user.home")),
            Path.of(System.getProperty("boagent.root", "/")));
    // With the [keepalived] drop-in the agent holds ambient capabilities, which every program it
    // starts would inherit: the runner starts them through setpriv without (docs/agent.md).
    Capabilities caps = ownCapabilities(env, err);
    CommandRunner commands =
        ProcessCommandRunner.stripping(
            64 * 1024,
            caps,
            ProcessCommandRunner.SETPRIV,
            Objects.requireNonNullElse(
                System.getenv("PATH"), "/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin"));
    AgentWiring wiring = new AgentWiring(env, commands, new JdkFsStats(), Sleeper.real(), caps);
    AgentStarter daemon =
        s -> {
          DaemonRunner.runUntilSignalled("boagent", s, Duration.ofSeconds(10));
          return ExitCodes.OK;
        };
    System.exit(execute(new Boagent(wiring, out, err, daemon), args));
  }
}
