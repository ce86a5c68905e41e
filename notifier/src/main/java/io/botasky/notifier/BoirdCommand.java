package io.botasky.notifier;

import com.zaxxer.hikari.HikariDataSource;
import io.botasky.common.cli.ConfigErrors;
import io.botasky.common.cli.ExitCodes;
import io.botasky.common.cli.VersionProvider;
import io.botasky.common.conf.PihealthdSettings;
import io.botasky.common.config.ConfFile;
import io.botasky.common.config.ConfigException;
import io.botasky.common.config.ConfigReport;
import io.botasky.common.config.IniFile;
import io.botasky.common.config.Problem;
import io.botasky.common.config.Section;
import io.botasky.common.db.DataSources;
import io.botasky.common.lifecycle.DaemonRunner;
import io.botasky.common.log.LogSetup;
import io.botasky.notifier.channel.mail.MailSettings;
import io.botasky.notifier.policy.Escalation;
import io.botasky.notifier.policy.EscalationFile;
import io.botasky.notifier.policy.Scope;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The {@code boird} command line (docs/reference.md): run the notifier, check its config, explain
 * an alert.
 */
@Command(
    name = "boird",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    subcommands = {ExplainCommand.class},
    description = {
      "Botasky notifier: turns alerts into mail, log lines and webhook posts per the escalation"
          + " file.",
      "Selectors limit this instance to some resources, like the original \"sounder\"; none = all."
    })
public final class BoirdCommand implements Callable<Integer> {
  /** Runs a started notifier until the process is told to stop. */
  public interface Starter {
    void run(Notifier notifier) throws Exception;
  }

  /** The production starter: SIGTERM → stop → exit 0, within 10 s. */
  public static final Starter DAEMON =
      n -> DaemonRunner.runUntilSignalled("boird", n, Duration.ofSeconds(10));

  /** The loaded configuration. */
  public record Loaded(NotifierSettings config, Escalation escalation, List<Problem> warnings) {}

  @Option(
      names = {"-c", "--config"},
      paramLabel = "FILE",
      description = "Configuration file (default: ${DEFAULT-VALUE}).",
      defaultValue = "/etc/pihealthd.conf")
  Path config;

  @Option(
      names = "--check-config",
      description = "Validate pihealthd.conf and the escalation file, then exit 0 or 78.")
  boolean checkConfig;

  @Option(names = "--debug", description = "Log every decision.")
  boolean debug;

  @Option(names = "--mfsmaster", description = "Only mfs alerts of instance mfsmaster.")
  boolean mfsmaster;

  @Option(names = "--mfschunkserver", description = "Only mfs alerts of instance mfschunkserver.")
  boolean mfschunkserver;

  @Option(names = "--mfsmetalogger", description = "Only mfs alerts of instance mfsmetalogger.")
  boolean mfsmetalogger;

  @Option(names = "--mfscgiserv", description = "Only mfs alerts of instance mfscgiserv.")
  boolean mfscgiserv;

  @Option(names = "--mfs", description = "Only mfs alerts.")
  boolean mfs;

  @Option(names = "--mysql", description = "Only mysql alerts.")
  boolean mysql;

  @Option(names = "--redis", description = "Only redis alerts.")
  boolean redis;

  @Option(names = "--keepalived", description = "Only keepalived alerts.")
  boolean keepalived;

  @Option(names = "--system", description = "Only system alerts.")
  boolean system;

  @Option(names = "--process", description = "Only process alerts.")
  boolean process;

  @Option(names = "--host", description = "Only host alerts (host_down).")
  boolean host;

  private final PrintWriter out;
  private final PrintWriter err;
  private final Clock clock;
  private final String instanceName;
  private final Starter starter;

  public BoirdCommand(
      PrintWriter out, PrintWriter err, Clock clock, String instanceName, Starter starter) {
    this.out = out;
    this.err = err;
    this.clock = clock;
    this.instanceName = instanceName;
    this.starter = starter;
  }

  public CommandLine commandLine() {
    CommandLine cl = new CommandLine(this);
    cl.setOut(out);
    cl.setErr(err);
    return cl;
  }

  /** {@code boird@HOST:PID}. */
  public static String defaultInstanceName() {
    return "boird@" + hostName() + ":" + ProcessHandle.current().pid();
  }

  static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "localhost";
    }
  }

  Scope scope() {
    List<String> s = new ArrayList<>();
    boolean[] flags = {
      mfsmaster,
      mfschunkserver,
      mfsmetalogger,
      mfscgiserv,
      mfs,
      mysql,
      redis,
      keepalived,
      system,
      process,
      host
    };
    String[] names = {
      "mfsmaster",
      "mfschunkserver",
      "mfsmetalogger",
      "mfscgiserv",
      "mfs",
      "mysql",
      "redis",
      "keepalived",
      "system",
      "process",
      "host"
    };
    for (int i = 0; i < flags.length; i++) {
      if (flags[i]) {
        s.add(names[i]);
      }
    }
    return new Scope(s);
  }

  /** Reads pihealthd.conf and the escalation file it names; every problem at once. */
  public static Loaded load(Path config) throws ConfigException {
    ConfigReport r = new ConfigReport();
    Section s = ConfFile.read(config, r);
    NotifierSettings cfg = NotifierSettings.from(PihealthdSettings.from(config, s, hostName()));
    s.finish();
    r.throwIfErrors();
    IniFile ini = IniFile.read(cfg.escalationFile(), r);
    Escalation esc = EscalationFile.parse(ini);
    boolean actions =
        java.util.stream.Stream.concat(
                esc.policies().stream(), java.util.stream.Stream.ofNullable(esc.defaultPolicy()))
            .flatMap(p -> p.steps().stream())
            .anyMatch(io.botasky.notifier.policy.Step::isAction);
    if (actions && cfg.collector().adminToken().isEmpty()) {
      // The collector takes action requests only with the admin token (docs/notifier.md).
      r.warning(
          new io.botasky.common.config.Source(config.toString(), 0),
          null,
          "admin_token",
          "is empty, but "
              + cfg.escalationFile()
              + " has action steps: the collector will refuse them (401)");
    }
    r.throwIfErrors();
    return new Loaded(cfg, esc, r.warnings());
  }

  @Override
  public Integer call() throws Exception {
    Loaded l;
    try {
      l = load(config);
    } catch (ConfigException e) {
      return ConfigErrors.report("boird", e, err);
    }
    for (Problem w : l.warnings()) {
      err.println("boird: warning: " + w);
    }
    err.flush();
    Scope scope = scope();
    if (checkConfig) {
      out.println(
          "boird: configuration OK: "
              + (l.escalation().policies().size()
                  + (l.escalation().defaultPolicy() == null ? 0 : 1))
              + " policies, "
              + l.escalation().contacts().size()
              + " contacts, scope "
              + scope.key());
      out.flush();
      return ExitCodes.OK;
    }
    String problem = LogSetup.configure(l.config().notifierLog(), debug);
    Logger log = LoggerFactory.getLogger("boird");
    if (problem != null) {
      log.warn("start: {}", problem);
    }
    l.warnings().forEach(w -> log.warn("config: {}", w));
    log.info(
        "start: {} {} on {}, scope {}, escalation file with {} policies",
        instanceName,
        VersionProvider.version(),
        l.config().db().describe(),
        scope.key(),
        l.escalation().policies().size());
    Notifier n =
        NotifierWiring.create(
            l.config(),
            l.escalation(),
            scope,
            clock,
            instanceName,
            new SecureRandom(),
            MailSettings::session,
            () -> load(config));
    starter.run(n);
    return ExitCodes.OK;
  }

  /** Opens the database of a loaded config (for {@code explain}). */
  static HikariDataSource open(Loaded l) throws java.io.IOException {
    return DataSources.open(l.config().db(), "boird-explain");
  }

  Path config() {
    return config;
  }

  Clock clock() {
    return clock;
  }

  PrintWriter out() {
    return out;
  }

  PrintWriter err() {
    return err;
  }
}
