package io.botasky.notifier.engine;

import io.botasky.common.wire.AlertState;
import io.botasky.notifier.policy.AlertFacts;
import io.botasky.notifier.policy.Contact;
import io.botasky.notifier.policy.Escalation;
import io.botasky.notifier.policy.EscalationDecision;
import io.botasky.notifier.policy.History;
import io.botasky.notifier.policy.Kind;
import io.botasky.notifier.policy.MaintenanceGate;
import io.botasky.notifier.policy.MaintenanceWindow;
import io.botasky.notifier.policy.Planned;
import io.botasky.notifier.policy.Policy;
import io.botasky.notifier.policy.Reason;
import io.botasky.notifier.policy.Recipients;
import io.botasky.notifier.policy.Scope;
import io.botasky.notifier.policy.SilenceRule;
import io.botasky.notifier.policy.Suppression;
import io.botasky.notifier.policy.Suppressor;
import io.botasky.notifier.store.AlertReader;
import io.botasky.notifier.store.NewNotification;
import io.botasky.notifier.store.ParentReader;
import io.botasky.notifier.store.PlanStore;
import io.botasky.notifier.store.SilenceReader;
import io.botasky.notifier.store.Suppressions;
import io.botasky.notifier.store.Target;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns alerts into ledger rows: finds the alerts that changed or fell due, asks {@link Escalator}
 * what to do with each, and writes the answer. Several instances may plan the same alert; the
 * unique key of {@code notify_plan} lets only one of them write it.
 */
public final class Planner {
  private static final Logger log = LoggerFactory.getLogger("plan");

  /** Commits of the collector may land out of updated_at order; look back this far each time. */
  private static final long OVERLAP_MS = 10_000;

  /** Every so often look at every alert, in case anything slipped past the watermark. */
  private static final Duration FULL_SWEEP = Duration.ofSeconds(60);

  /** How often the progress of alerts deleted by the collector's retention is forgotten. */
  private static final Duration CLEANUP = Duration.ofHours(1);

  /** A silenced alert is looked at again this often, since removing a silence does not touch it. */
  private static final Duration SILENCE_RECHECK = Duration.ofSeconds(10);

  static final int BATCH = 2000;
  private static final int CHUNK = 250;

  private final DataSource ds;
  // Only the plan loop's thread reads and sets it; a reload hands the next one over in pending.
  private Escalation escalation;
  private final AtomicReference<Escalation> pending = new AtomicReference<>();
  private final Scope scope;
  private final String logTarget;
  private final Clock clock;
  private final AlertReader alerts = new AlertReader();
  private final SilenceReader silences = new SilenceReader();
  private final MaintenanceWindows maintenance;
  private final FlapGate flapGate = new FlapGate();
  private final ParentReader parents = new ParentReader();
  private final Suppressions suppressions = new Suppressions();
  private final PlanStore plans;
  private final Runnable onPlanned;
  private Long watermark;
  private Instant lastSweep;
  private Instant lastCleanup;

  /**
   * @param onPlanned called after ledger rows were written, to wake the delivery
   */
  public Planner(
      DataSource ds,
      Escalation escalation,
      Scope scope,
      PlanStore plans,
      String logTarget,
      Clock clock,
      Runnable onPlanned) {
    this.ds = ds;
    this.onPlanned = onPlanned;
    this.escalation = escalation;
    this.scope = scope;
    this.plans = plans;
    this.maintenance = new MaintenanceWindows(plans.instance());
    this.logTarget = logTarget;
    this.clock = clock;
  }

  /**
   * The escalation file of a reload (docs/operations.md, "Reload"), taken at the start of the next
   * pass.
   */
  public void replace(Escalation escalation) {
    pending.set(escalation);
  }

  /** One pass. Returns true when there may be more work right away (a full batch was read). */
  public boolean runOnce() throws SQLException {
    Instant now = clock.instant();
    Escalation next = pending.getAndSet(null);
    if (next != null) {
      // Between two passes, never within one; and every open alert is decided again at once under
      // the new policies.
      try (Connection c = ds.getConnection()) {
        c.setAutoCommit(true);
        plans.recheckOpen(c, now.toEpochMilli());
      } catch (SQLException e) {
        pending.compareAndSet(null, next);
        throw e;
      }
      escalation = next;
    }
    boolean sweep =
        watermark == null || lastSweep == null || !now.isBefore(lastSweep.plus(FULL_SWEEP));
    try (Connection c = ds.getConnection()) {
      c.setAutoCommit(true);
      long top = alerts.maxUpdatedAt(c);
      List<AlertFacts> todo =
          alerts.needingDecision(c, sweep ? null : watermark - OVERLAP_MS, now, BATCH, scope.sql());
      List<AlertFacts> mine = todo.stream().filter(scope::covers).toList();
      List<SilenceRule> active = mine.isEmpty() ? List.of() : silences.active(c, now);
      maintenance.publish(c, escalation, now);
      List<MaintenanceWindow> windows =
          mine.isEmpty() ? List.of() : maintenance.all(c, escalation, now);
      // Dependencies (docs/notifier.md): the firing parents, read once per pass.
      Suppressor deps =
          mine.isEmpty()
              ? Suppressor.none()
              : Suppressor.of(
                  parents.firing(c, escalation.dependencies()), escalation.dependencies());
      boolean ok = true;
      for (int from = 0; from < mine.size(); from += CHUNK) {
        ok &=
            chunk(
                c,
                mine.subList(from, Math.min(mine.size(), from + CHUNK)),
                active,
                windows,
                deps,
                now);
      }
      if (lastCleanup == null || !now.isBefore(lastCleanup.plus(CLEANUP))) {
        lastCleanup = now;
        int gone = plans.forgetDeleted(c);
        if (gone > 0) {
          log.info("cleanup: forgot {} plan row(s) of alerts the collector deleted", gone);
        }
      }
      if (ok && todo.size() < BATCH) {
        watermark = watermark == null ? top : Math.max(watermark, top);
        if (sweep) {
          lastSweep = now;
        }
      }
      return todo.size() >= BATCH && mine.size() > 0;
    }
  }

  private boolean chunk(
      Connection c,
      List<AlertFacts> part,
      List<SilenceRule> active,
      List<MaintenanceWindow> windows,
      Suppressor deps,
      Instant now)
      throws SQLException {
    List<Long> ids = part.stream().map(AlertFacts::id).toList();
    Map<Long, History> hist = plans.histories(c, ids);
    List<NewNotification> writes = new ArrayList<>();
    Map<Long, String> cancels = new HashMap<>();
    Map<Long, long[]> seen = new HashMap<>();
    Map<Long, String> sigs = new HashMap<>();
    // Flapping (docs/notifier.md): the fingerprints' spans and episodes, read once per chunk.
    FlapGate.Chunk flaps = flapGate.load(c, part, a -> escalation.policyFor(a).orElse(null), now);
    Map<Long, Suppression> heldBack = new HashMap<>();
    List<Long> free = new ArrayList<>();
    List<Long> endedParents = new ArrayList<>();
    for (AlertFacts a : part) {
      Policy p = escalation.policyFor(a).orElse(null);
      Instant until = SilenceRule.silencedUntil(active, a, now);
      MaintenanceGate.Held held = MaintenanceGate.heldBy(windows, a, now);
      Suppression sup = deps.of(a);
      History h = hist.get(a.id());
      // A window holds a FLAPPING notice back as a silence does (docs/notifier.md, "Flapping").
      Instant quiet = until != null ? until : held == null ? null : held.until();
      // The gates, outermost first: flapping, a maintenance window, a firing parent.
      EscalationDecision d =
          flaps.decide(
              a, p, quiet, now, () -> MaintenanceGate.decide(a, p, h, held, until, sup, now));
      if (d.reason() == Reason.SUPPRESSED_BY_PARENT) {
        heldBack.put(a.id(), sup);
        log.debug("decide: alert {} held back by {}", a.id(), sup.describe());
      } else {
        free.add(a.id());
      }
      if (a.state() == AlertState.RESOLVED) {
        endedParents.add(a.id());
      }
      // Two steps of a late notice may name the same recipient: it gets the notice once.
      Set<Target> late = new HashSet<>();
      for (Planned pl : d.planned()) {
        List<Target> targets =
            pl.reason() == Reason.RESOLVED_LATE
                ? targets(pl.recipients()).stream().filter(late::add).toList()
                : pl.kind() == Kind.RESOLVED && pl.reason() != Reason.FLAPPING_STABLE
                    ? recoveryTargets(c, a, pl.recipients())
                    : targets(pl.recipients());
        writes.add(new NewNotification(a.id(), p.name(), pl, targets, p.groupWait().toMillis()));
      }
      if (a.state() == AlertState.ACKED) {
        cancels.put(
            a.id(),
            "cancelled: acked by "
                + a.ackedBy()
                + " at "
                + io.botasky.notifier.channel.Render.time(a.ackedAt()));
      }
      Instant next = d.nextCheck();
      if ((d.reason() == Reason.SUPPRESSED_SILENCED || d.reason() == Reason.SUPPRESSED_BY_PARENT)
              && a.state() != AlertState.RESOLVED
          || d.reason() == Reason.SUPPRESSED_MAINTENANCE) {
        // A maintenance window's end is d.nextCheck(); deleting it through the API is seen here.
        Instant soon = now.plus(SILENCE_RECHECK);
        next = next == null || soon.isBefore(next) ? soon : next;
      }
      seen.put(a.id(), new long[] {a.updatedAt(), next == null ? -1 : next.toEpochMilli()});
      sigs.put(a.id(), a.state().wire() + "/" + a.severity().wire());
      if (d.planned().isEmpty()) {
        log.debug(
            "decide: alert {} {} policy {}: {}",
            a.id(),
            a.headlineForLog(),
            p == null ? "-" : p.name(),
            d.reason() == Reason.SUPPRESSED_MAINTENANCE
                ? d.reason() + " by " + held.window().name() + " until " + held.until()
                : d.reason());
      } else {
        for (Planned pl : d.planned()) {
          log.info(
              "decide: alert {} {} policy {}: {} kind={} step={} round={}",
              a.id(),
              a.headlineForLog(),
              p.name(),
              pl.reason(),
              pl.kind().wire(),
              pl.step(),
              pl.round());
        }
      }
    }
    c.setAutoCommit(false);
    try {
      flaps.write(c);
      int rows = plans.write(c, writes, now);
      plans.cancelPending(c, cancels, now);
      plans.seen(c, seen, sigs);
      List<Long> started = suppressions.record(c, heldBack, free, now);
      suppressions.wakeChildren(c, endedParents, now);
      c.commit();
      for (Long id : started) {
        log.info(
            "decide: alert {} {}: held back by {}",
            id,
            Reason.SUPPRESSED_BY_PARENT,
            heldBack.get(id).describe());
      }
      if (rows > 0) {
        log.debug("write: {} ledger row(s) for {} alert(s)", rows, part.size());
        onPlanned.run();
      }
      return true;
    } catch (SQLException e) {
      c.rollback();
      // Usually another instance writing the same plans at the same moment; the next pass retries.
      log.warn(
          "write: decisions for {} alert(s) failed, will retry: {}", part.size(), e.getMessage());
      return false;
    } finally {
      c.setAutoCommit(true);
    }
  }

  /**
   * A recovery notice goes to those who heard of the alert: all of them, or those of them that
   * {@code resolved} names. The alert log always gets its RESOLVED line if it had the FIRING one,
   * so the file tells the whole story.
   */
  private List<Target> recoveryTargets(Connection c, AlertFacts a, Recipients r)
      throws SQLException {
    // An action step "hears" nothing: its row names the action, not a person (docs/notifier.md).
    List<Target> heard =
        plans.heardTargets(c, a.id()).stream().filter(t -> !t.channel().equals("action")).toList();
    if (r == null) {
      return heard;
    }
    Set<Target> named = new LinkedHashSet<>(targets(r));
    return heard.stream().filter(t -> named.contains(t) || t.channel().equals("log")).toList();
  }

  private List<Target> targets(Recipients r) {
    Set<Target> out = new LinkedHashSet<>();
    switch (r.channel()) {
      case "log" -> out.add(new Target("log", logTarget));
      case "mail" -> {
        for (String name : r.contacts()) {
          Contact ct = escalation.contacts().get(name);
          ct.mail().forEach(m -> out.add(new Target("mail", m)));
        }
      }
      default -> r.contacts().forEach(name -> out.add(new Target(r.channel(), name)));
    }
    return new ArrayList<>(out);
  }
}
