package io.botasky.notifier;

import com.zaxxer.hikari.HikariDataSource;
import io.botasky.common.cli.ConfigErrors;
import io.botasky.common.cli.ExitCodes;
import io.botasky.common.config.ConfigException;
import io.botasky.common.log.LogSetup;
import io.botasky.notifier.policy.AlertFacts;
import io.botasky.notifier.policy.DependencyExplainer;
import io.botasky.notifier.policy.Explainer;
import io.botasky.notifier.policy.FlapExplainer;
import io.botasky.notifier.policy.MaintenanceGate;
import io.botasky.notifier.policy.MaintenanceWindow;
import io.botasky.notifier.policy.Policy;
import io.botasky.notifier.policy.SilenceRule;
import io.botasky.notifier.policy.Suppression;
import io.botasky.notifier.policy.Suppressor;
import io.botasky.notifier.store.AlertReader;
import io.botasky.notifier.store.FlapStore;
import io.botasky.notifier.store.Ledger;
import io.botasky.notifier.store.MaintenanceStore;
import io.botasky.notifier.store.NotifierSchema;
import io.botasky.notifier.store.ParentReader;
import io.botasky.notifier.store.PlanStore;
import io.botasky.notifier.store.SilenceReader;
import io.botasky.notifier.store.Suppressions;
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
        // Dependencies (docs/notifier.md): the parent holding it back now, as the planner decides
        // it (a silence or a window wins over a parent), and the last episode the planner recorded.
        Suppression heldBack =
            until != null || held != null
                ? null
                : Suppressor.of(
                        new ParentReader().firing(c, l.escalation().dependencies()),
                        l.escalation().dependencies())
                    .of(a);
        Suppressions.Episode ep = new Suppressions().last(c, alertId);
        Policy policy = l.escalation().policyFor(a).orElse(null);
        List<String> lines =
            new ArrayList<>(
                Explainer.explain(
                    a,
                    policy,
                    new PlanStore("explain", "all", 0).plans(c, alertId),
                    sent,
                    until,
                    held,
                    heldBack,
                    now));
        List<String> deps =
            DependencyExplainer.lines(
                a,
                heldBack,
                ep == null ? null : ep.parentId(),
                ep == null ? null : ep.rule(),
                ep == null ? null : ep.since(),
                ep == null ? null : ep.until());
        int at = lines.size();
        for (int i = 0; i < lines.size(); i++) {
          if (lines.get(i).startsWith("policy: ") || lines.get(i).startsWith("silenced until")) {
            at = i + 1;
          }
        }
        lines.addAll(at, deps);
        if (policy != null) {
          // Flapping (docs/notifier.md): the fingerprint's spans and episode, as the planner reads
          // them.
          FlapStore flaps = new FlapStore();
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
