package io.botasky.agent;

import io.botasky.agent.probe.CheckOutcome;
import io.botasky.agent.probe.ProbeRunner;
import io.botasky.agent.probe.RoundResult;
import io.botasky.agent.probe.ScheduledProbe;
import io.botasky.common.cli.ConfigErrors;
import io.botasky.common.cli.ExitCodes;
import io.botasky.common.config.ConfigException;
import io.botasky.common.config.Problem;
import io.botasky.common.lifecycle.NamedThreadFactory;
import io.botasky.common.text.SafeText;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code boagent check -f FILE}: every configured probe once, each result printed; exit 0 when all
 * are OK, 1 when any alert would fire (debounce aside) or a probe failed, 78 on a config error.
 */
@Command(
    name = "check",
    mixinStandardHelpOptions = true,
    description = "Run every configured probe once and print the results.")
final class CheckCommand implements Callable<Integer> {
  @ParentCommand Boagent parent;

  @Option(
      names = {"-f", "-c", "--config"},
      paramLabel = "FILE",
      description = "colConfig.ini (default: ${DEFAULT-VALUE}).")
  Path config = Boagent.DEFAULT_CONFIG;

  @Mixin ScopeOptions scope;

  @Override
  public Integer call() {
    LoadedConfig cfg;
    try {
      cfg = parent.wiring().load(config, scope.types(), false);
    } catch (ConfigException e) {
      return ConfigErrors.report("boagent check", e, parent.err());
    }
    for (Problem w : cfg.warnings()) {
      parent.err().println("boagent check: warning: " + SafeText.line(w.toString()));
    }
    ExecutorService workers =
        Executors.newCachedThreadPool(new NamedThreadFactory("boagent-check", true));
    ProbeRunner runner =
        new ProbeRunner(cfg.probes(), parent.wiring().env().clock(), null, workers, r -> {});
    boolean bad = false;
    try {
      for (ScheduledProbe p : cfg.probes()) {
        RoundResult r = runner.runOnce(p);
        if (!r.success()) {
          bad = true;
          parent
              .out()
              .printf(Locale.ROOT, "%-8s %-16s %s%n", "FAILED", p.id(), SafeText.line(r.error()));
          continue;
        }
        boolean any = false;
        for (CheckOutcome o : r.outcomes()) {
          if (o.check().equals("probe_failed")) {
            continue;
          }
          any = true;
          bad |= !o.ok();
          parent
              .out()
              .printf(
                  Locale.ROOT,
                  "%-8s %-16s %-40s %s%n",
                  o.ok() ? "OK" : o.severity().name(),
                  p.id(),
                  // What a probe read from the host (names, command output) is shown as one inert
                  // line.
                  SafeText.line(
                      o.resource()
                          + (o.instance() == null ? "" : ":" + o.instance())
                          + " "
                          + o.check()),
                  SafeText.line(o.summary()));
        }
        if (!any) {
          // A probe without checks of its own (sysinfo, users with nothing new) still says it ran.
          parent
              .out()
              .printf(Locale.ROOT, "%-8s %-16s %d samples%n", "OK", p.id(), r.samples().size());
        }
      }
    } finally {
      workers.shutdownNow();
    }
    parent.out().flush();
    parent.err().flush();
    return bad ? ExitCodes.ALERT : ExitCodes.OK;
  }
}
