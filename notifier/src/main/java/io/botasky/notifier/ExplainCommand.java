package io.botasky.notifier;

import com.zaxxer.hikari.HikariDataSource;
import io.botasky.common.cli.ConfigErrors;
import io.botasky.common.cli.ExitCodes;
import io.botasky.common.config.ConfigException;
import io.botasky.common.log.LogSetup;
import io.botasky.notifier.policy.AlertFacts;
import io.botasky.notifier.policy.Explainer;
import io.botasky.notifier.policy.FlapExplainer;
import io.botasky.notifier.policy.MaintenanceGate;
import io.botasky.notifier.policy.MaintenanceWindow;
import io.botasky.notifier.policy.Policy;
import io.botasky.notifier.policy.SilenceRule;
import io.botasky.notifier.store.AlertReader;
import io.botasky.notifier.store.FlapStore;
import io.botasky.notifier.store.Ledger;
import io.botasky.notifier.store.MaintenanceStore;
import io.botasky.notifier.store.NotifierSchema;
import io.botasky.notifier.store.PlanStore;
import io.botasky.notifier.store.SilenceReader;
import java.sql.Connection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code boird explain ALERT_ID}: which policy matched, which steps fired or will fire and when,
 * and why not.
 */
@Command(
    name = "explain",
    mixinStandardHelpOptions = true,
    description = "Explain the escalation of one alert.")
public final class ExplainCommand implements Callable<Integer> {
  @ParentCommand BoirdCommand parent;

  @Parameters(paramLabel = "ALERT_ID", description = "The alert's id (botasky alerts shows it).")
  long alertId;

  @Override
  public Integer call() throws Exception {
    BoirdCommand.Loaded l;
    try {
      l = BoirdCommand.load(parent.config());
    } catch (ConfigException e) {
      return ConfigErrors.report("boird explain", e, parent.err());
    }
    LogSetup.consoleOnly(false);
    Instant now = parent.clock().instant();
    try (HikariDataSource ds = BoirdCommand.open(l)) {
      NotifierSchema.migrate(ds, l.config().db().dialect());
      try (Connection c = ds.getConnection()) {
        AlertFacts a = new AlertReader().byIds(c, List.of(alertId)).get(alertId);
        if (a == null) {
          parent.err().println("boird explain: no alert " + alertId);
          parent.err().flush();
          return ExitCodes.ALERT;
        }
        List<Explainer.Sent> sent = new Ledger("all").history(c, alertId);
        Instant until = SilenceRule.silencedUntil(new SilenceReader().active(c, now), a, now);
        List<MaintenanceWindow> windows = new ArrayList<>(l.escalation().maintenance());
        windows.addAll(new MaintenanceStore().fromApi(c, now));
        MaintenanceGate.Held held = MaintenanceGate.heldBy(windows, a, now);
        List<String> lines =
            Explainer.explain(
                a,
                l.escalation().policyFor(a).orElse(null),
                new PlanStore("explain", "all", 0).plans(c, alertId),
                sent,
                until,
                held,
                now);
        Policy policy = l.escalation().policyFor(a).orElse(null);
        if (policy != null) {
          // Flapping (docs/notifier.md): the fingerprint's spans and episode, as the planner reads
          // them.
          FlapStore flaps = new FlapStore();
          lines = new java.util.ArrayList<>(lines);
          lines.addAll(
              FlapExplainer.explain(
                  a,
                  policy,
                  flaps
                      .spans(c, List.of(a), now.minus(policy.flapping().window()))
                      .get(FlapStore.fingerprint(a)),
                  flaps.state(c, FlapStore.fingerprint(a)),
                  new PlanStore("explain", "all", 0).plans(c, alertId),
                  until,
                  now));
        }
        lines.forEach(parent.out()::println);
        parent.out().flush();
      }
    }
    return ExitCodes.OK;
  }
}
