package io.botasky.agent.probe.daemon;

import io.botasky.agent.probe.CheckOutcome;
import io.botasky.agent.probe.ProbeSink;
import java.util.ArrayList;
import java.util.List;

/**
 * The failing outcomes of the checks a probe could judge last time, re-sent while it cannot judge
 * them (server unreachable, master gone). The agent's alert tracker resolves every alert a complete
 * round no longer mentions; without this a lag alert would "resolve" just because the replica
 * stopped answering, which is a silent OK. Not thread-safe: one per probe, used under its lock.
 */
public final class CarriedOutcomes {
  private List<CheckOutcome> failing = List.of();

  /** Remembers what this round judged (only its failing outcomes are kept). */
  public void judged(List<CheckOutcome> outcomes) {
    failing = outcomes.stream().filter(o -> !o.ok()).toList();
  }

  /**
   * Re-sends the remembered failing outcomes, their summary prefixed with why they were not
   * re-checked.
   */
  public void carry(String why, ProbeSink sink) {
    List<CheckOutcome> again = new ArrayList<>();
    for (CheckOutcome o : failing) {
      String summary =
          o.summary().startsWith("not re-checked")
              ? o.summary()
              : "not re-checked (" + why + "); last seen: " + o.summary();
      again.add(
          new CheckOutcome(
              o.resource(),
              o.instance(),
              o.check(),
              o.severity(),
              o.value(),
              o.threshold(),
              summary,
              o.details()));
    }
    failing = List.copyOf(again);
    again.forEach(sink::outcome);
  }
}
