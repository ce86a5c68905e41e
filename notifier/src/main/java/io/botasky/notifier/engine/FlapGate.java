package io.botasky.notifier.engine;

import io.botasky.common.wire.AlertState;
import io.botasky.notifier.policy.AlertFacts;
import io.botasky.notifier.policy.EscalationDecision;
import io.botasky.notifier.policy.Flapping;
import io.botasky.notifier.policy.Planned;
import io.botasky.notifier.policy.Policy;
import io.botasky.notifier.policy.Reason;
import io.botasky.notifier.store.FlapStore;
import io.botasky.notifier.store.FlapStore.Fp;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The planner's side of flap detection (docs/notifier.md, "Flapping"): reads the spans and episodes
 * of a chunk's fingerprints at once, asks {@link Flapping#decide} per alert, combines the answer
 * with the escalation's, and writes the episodes that started or ended with the chunk's decisions.
 */
final class FlapGate {
  private final FlapStore store = new FlapStore();

  /** Reads what the chunk {@code part} needs; one or two queries, not one per alert. */
  Chunk load(
      Connection c, List<AlertFacts> part, Function<AlertFacts, Policy> policyFor, Instant now)
      throws SQLException {
    Duration longest = null;
    List<AlertFacts> watched = new ArrayList<>();
    for (AlertFacts a : part) {
      Policy p = policyFor.apply(a);
      if (p != null) {
        watched.add(a);
        Duration w = p.flapping().window();
        longest = longest == null || w.compareTo(longest) > 0 ? w : longest;
      }
    }
    if (watched.isEmpty()) {
      return new Chunk(Map.of(), new HashMap<>());
    }
    Map<Fp, List<Flapping.Span>> spans = store.spans(c, watched, now.minus(longest));
    return new Chunk(spans, new HashMap<>(store.states(c, spans.keySet())));
  }

  /** The flap side of one chunk; decisions update it, so later alerts of a fingerprint see them. */
  final class Chunk {
    private final Map<Fp, List<Flapping.Span>> spans;
    private final Map<Fp, Flapping.State> states;
    private final Map<Fp, AlertFacts> started = new LinkedHashMap<>();
    private final Map<Fp, Duration> windows = new HashMap<>();
    private final List<Fp> ended = new ArrayList<>();

    Chunk(Map<Fp, List<Flapping.Span>> spans, Map<Fp, Flapping.State> states) {
      this.spans = spans;
      this.states = states;
    }

    /**
     * The decision for {@code a}: the flap decider's when it holds the alert back or starts an
     * episode, else {@code escalate}'s (relabelled {@link Reason#FLAPPING_STABLE} when it notifies
     * the state of a fingerprint that just became stable).
     */
    EscalationDecision decide(
        AlertFacts a,
        Policy p,
        Instant silencedUntil,
        Instant now,
        Supplier<EscalationDecision> escalate) {
      Fp fp = FlapStore.fingerprint(a);
      List<Flapping.Span> mine = spans.get(fp);
      if (p == null || mine == null) {
        return escalate.get();
      }
      Flapping.State state = states.get(fp);
      Flapping.FlapDecision f = Flapping.decide(a, p, mine, state, silencedUntil, now);
      switch (f.verdict()) {
        case NORMAL:
          return escalate.get();
        case START:
          Flapping.State s = new Flapping.State(now, a.id(), !f.planned().isEmpty());
          states.put(fp, s);
          started.put(fp, a);
          windows.put(fp, p.flapping().window());
          return new EscalationDecision(f.reason(), f.planned(), f.nextCheck());
        case HOLD:
          return new EscalationDecision(f.reason(), f.planned(), f.nextCheck());
        case END:
        default:
          // The episode stays in this chunk's map: an older alert of the fingerprint decided after
          // this one must still be held, not sent its stale recovery notice.
          if (started.remove(fp) == null && !ended.contains(fp)) {
            ended.add(fp);
          }
          if (a.state() == AlertState.RESOLVED) {
            return new EscalationDecision(f.reason(), f.planned(), null);
          }
          EscalationDecision d = escalate.get();
          if (d.planned().isEmpty()) {
            return d;
          }
          List<Planned> relabelled = new ArrayList<>();
          for (Planned pl : d.planned()) {
            relabelled.add(
                new Planned(
                    pl.epoch(),
                    pl.kind(),
                    pl.step(),
                    pl.round(),
                    Reason.FLAPPING_STABLE,
                    pl.recipients()));
          }
          return new EscalationDecision(Reason.FLAPPING_STABLE, relabelled, d.nextCheck());
      }
    }

    /** Writes the episodes that started or ended, in the caller's transaction. */
    void write(Connection c) throws SQLException {
      for (Fp fp : ended) {
        store.end(c, fp);
      }
      List<Long> superseded = new ArrayList<>();
      for (Map.Entry<Fp, AlertFacts> e : started.entrySet()) {
        store.start(c, e.getValue(), states.get(e.getKey()), windows.get(e.getKey()));
        spans.get(e.getKey()).forEach(s -> superseded.add(s.alertId()));
      }
      // The FLAPPING notice replaces what was planned for the fingerprint and not sent yet.
      store.cancelPending(c, superseded);
    }
  }
}
