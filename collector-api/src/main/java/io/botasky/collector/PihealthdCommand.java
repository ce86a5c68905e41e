package io.botasky.collector;

import io.botasky.collector.http.HttpServer;
import io.botasky.common.cli.ConfigErrors;
import io.botasky.common.cli.ExitCodes;
import io.botasky.common.cli.VersionProvider;
import io.botasky.common.conf.PihealthdSettings;
import io.botasky.common.config.ConfigException;
import io.botasky.common.config.Problem;
import io.botasky.common.lifecycle.Service;
import io.botasky.common.log.LogSetup;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code pihealthd}: the collector daemon. */
@Command(
    name = "pihealthd",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description =
        "Botasky collector: takes alerts, metrics and heartbeats from agents and serves the API and"
            + " status page.")
public final class PihealthdCommand implements Callable<Integer> {

  /** Runs the service until it is told to stop; production blocks on SIGTERM. */
  @FunctionalInterface
  public interface Starter {
    void run(Service service) throws Exception;
  }

  @Option(
      names = {"-c", "--config"},
      paramLabel = "FILE",
      description = "configuration file (default: ${DEFAULT-VALUE})")
  Path config = PihealthdSettings.DEFAULT_FILE;

  @Option(names = "--check-config", description = "validate the configuration and exit (0 or 78)")
  boolean checkConfig;

  @Option(names = "--debug", description = "log at debug level")
  boolean debug;

  private final PrintWriter out;
  private final PrintWriter err;
  private final String hostName;
  private final Clock clock;
  private final Starter starter;

  public PihealthdCommand(
      PrintWriter out, PrintWriter err, String hostName, Clock clock, Starter starter) {
    this.out = out;
    this.err = err;
    this.hostName = hostName;
    this.clock = clock;
    this.starter = starter;
  }

  @Override
  public Integer call() throws Exception {
    CollectorConfig loaded;
    try {
      loaded = CollectorConfig.read(config, hostName);
    } catch (ConfigException e) {
      return ConfigErrors.report("pihealthd", e, err);
    }
    PihealthdSettings conf = loaded.conf();
    for (Problem w : loaded.warnings()) {
      err.println("pihealthd: warning: " + w);
    }
    err.flush();
    if (checkConfig) {
      out.println("pihealthd: configuration OK: " + config);
      out.flush();
      return ExitCodes.OK;
    }
    String logProblem = LogSetup.configure(conf.pihealthLog(), debug);
    Logger log = LoggerFactory.getLogger("pihealthd");
    if (logProblem != null) {
      log.warn("start: {}", logProblem);
    }
    loaded.warnings().forEach(w -> log.warn("config: {}", w));
    try {
      starter.run(
          new CollectorService(
              conf,
              loaded.tokens(),
              loaded.ssl(),
              clock,
              () -> CollectorConfig.read(config, hostName)));
    } catch (HttpServer.BindFailure e) {
      // An operator's problem, not a bug: one line, no stack trace (errors reach stderr through the
      // log
      // setup too, so it is not printed twice); systemd may retry later.
      log.error("start: {}", e.getMessage());
      return ExitCodes.UNAVAILABLE;
    }
    return ExitCodes.OK;
  }
}
