package io.botasky.agent.probe.daemon;

import io.botasky.agent.probe.CheckOutcome;
import io.botasky.agent.probe.ProbeSink;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

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
    partly(List.of(), why, sink);
  }

  /**
   * A round that could judge only some checks: sends {@code judged}, re-sends the remembered
   * failing outcomes of the other checks (prefixed with {@code why}), and remembers both.
   */
  public void partly(List<CheckOutcome> judged, String why, ProbeSink sink) {
    Set<String> fresh = new HashSet<>();
    judged.forEach(o -> fresh.add(o.key()));
    List<CheckOutcome> again = new ArrayList<>();
    for (CheckOutcome o : failing) {
      if (fresh.contains(o.key())) {
        continue;
      }
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
    judged.forEach(sink::outcome);
    again.forEach(sink::outcome);
    List<CheckOutcome> kept = new ArrayList<>(again);
    judged.stream().filter(o -> !o.ok()).forEach(kept::add);
    failing = List.copyOf(kept);
  }
}
