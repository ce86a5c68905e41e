package io.botasky.collector.actions;

import io.botasky.collector.http.HttpError;
import io.botasky.collector.ingest.Ingest;
import io.botasky.collector.inventory.Inventory;
import io.botasky.collector.live.EventFeed;
import io.botasky.collector.store.ActionStore;
import io.botasky.collector.store.ActionStore.ActionRow;
import io.botasky.common.alert.ValidEvent;
import io.botasky.common.db.OpenKeys;
import io.botasky.common.text.SafeText;
import io.botasky.common.wire.AlertState;
import io.botasky.common.wire.Severity;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Controlled actions on the collector's side (docs/collector.md, "Controlled actions"): requests
 * checked against the inventory and stored, the agents' long polls, their reports, the expiry, and
 * what each change sets off — an {@code action} stream event, a log line, and the {@code
 * action_failed} alert raised through the alert path (resolved by the next success).
 */
public final class Actions implements Runnable {
  private static final Logger log = LoggerFactory.getLogger("actions");

  /** Who asked: the source column and the by of scheduled actions. */
  public static final String SCHEDULE = "schedule";

  private final ActionStore store;
  private final Inventory inventory;
  private final ActionWaiters waiters;
  private final EventFeed feed;
  private final Supplier<Ingest> ingest;
  private final BooleanSupplier ready;
  private final Clock clock;
  private final Duration expiry;

  /**
   * Ids of the actions last requested here: the peer poll reads them back, and their waiters were
   * woken by the request already (docs/collector.md, "Several collectors").
   */
  private final Set<Long> requestedHere =
      Collections.newSetFromMap(
          new LinkedHashMap<>() {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Long, Boolean> eldest) {
              return size() > 1000;
            }
          });

  /**
   * @param ingest the alert path, once the collector has it
   * @param ready whether the database is up (the expiry skips its tick otherwise)
   */
  public Actions(
      ActionStore store,
      Inventory inventory,
      ActionWaiters waiters,
      EventFeed feed,
      Supplier<Ingest> ingest,
      BooleanSupplier ready,
      Clock clock,
      Duration expiry) {
    this.store = store;
    this.inventory = inventory;
    this.waiters = waiters;
    this.feed = feed;
    this.ingest = ingest;
    this.ready = ready;
    this.clock = clock;
    this.expiry = expiry;
  }

  public ActionStore store() {
    return store;
  }

  /** A request that passed the body's checks: the inventory's, then the 409, then stored. */
  public ActionRow request(
      String host,
      String resource,
      String instance,
      String action,
      String by,
      String comment,
      Long alertId,
      String source)
      throws SQLException {
    Optional<ActionDecider.Refusal> no =
        ActionDecider.refusal(inventory.get(host), host, resource, instance, action);
    if (no.isPresent()) {
      throw new HttpError(no.get().status(), no.get().field(), no.get().message());
    }
    ActionRow row;
    try {
      row =
          store.insert(
              new ActionRow(
                  0,
                  UUID.randomUUID().toString(),
                  host,
                  resource,
                  instance,
                  action,
                  by,
                  comment,
                  "pending",
                  null,
                  clock.millis(),
                  null,
                  null,
                  null,
                  null,
                  alertId,
                  source));
    } catch (ActionStore.OpenConflict e) {
      throw new HttpError(
          409,
          "instance",
          "an action is still pending or running on " + resource + ":" + instance + " of " + host);
    }
    synchronized (requestedHere) {
      requestedHere.add(row.id());
    }
    changed(row);
    waiters.wake(host);
    return row;
  }

  /**
   * A long poll: at once when {@code host} has pending actions or {@code waitMs} is 0, else when
   * one is requested, else empty after {@code waitMs}.
   */
  public CompletableFuture<List<ActionRow>> poll(String host, long waitMs) throws SQLException {
    if (waitMs <= 0) {
      return CompletableFuture.completedFuture(store.pending(host));
    }
    // Waiting first, then reading: a request between the two wakes this waiter, never one unseen.
    CompletableFuture<Boolean> w = waiters.await(host, waitMs);
    List<ActionRow> now = store.pending(host);
    if (!now.isEmpty()) {
      waiters.cancel(host, w);
      return CompletableFuture.completedFuture(now);
    }
    // A woken poll reads on the thread that stored the request (a dispatcher thread, never a Netty
    // one), so the answer does not wait for a free scheduler thread; a timer's answer reads
    // nothing.
    return w.thenApply(
        woken -> {
          if (!woken) {
            return List.of();
          }
          try {
            return store.pending(host);
          } catch (SQLException e) {
            throw new IllegalStateException(e);
          }
        });
  }

  /** The outcome of a report batch: ids unknown to this collector (answered 404). */
  public record ReportResult(List<Long> unknown) {}

  /**
   * Applies {@code reports} of {@code host} (docs/api.md, "Controlled actions"): all or nothing for
   * the 403 of another host's id (checked first), then each in turn; repeats and reports on
   * finished actions change nothing.
   */
  public ReportResult report(String host, List<ActionDecider.Report> reports) throws SQLException {
    List<ActionRow> current = new ArrayList<>();
    List<Long> unknown = new ArrayList<>();
    for (int i = 0; i < reports.size(); i++) {
      ActionDecider.Report r = reports.get(i);
      ActionRow cur = null;
      if (r.id() != null) {
        cur = store.get(r.id()).orElse(null);
        if (cur == null) {
          unknown.add(r.id());
        } else if (!cur.host().equals(host)) {
          throw new HttpError(
              403, "reports[" + i + "].id", "action " + r.id() + " is not of host " + host);
        }
      }
      current.add(cur);
    }
    long now = clock.millis();
    for (int i = 0; i < reports.size(); i++) {
      ActionDecider.Report r = reports.get(i);
      ActionRow cur = current.get(i);
      if (r.id() == null) {
        cur = store.byUuid(r.uuid()).orElse(null);
        if (cur == null) {
          createScheduled(host, r, now);
          continue;
        }
        if (!cur.host().equals(host)) {
          throw new HttpError(
              403, "reports[" + i + "].uuid", "action " + r.uuid() + " is not of host " + host);
        }
      }
      if (cur == null) {
        continue;
      }
      Optional<ActionRow> next = ActionDecider.next(cur, r, now);
      if (next.isPresent() && store.update(next.get(), cur.state())) {
        changed(next.get());
      }
    }
    return new ReportResult(unknown);
  }

  private void createScheduled(String host, ActionDecider.Report r, long now) throws SQLException {
    long at = Math.min(r.at(), now);
    boolean running = r.state().equals("running");
    ActionRow row =
        new ActionRow(
            0,
            r.uuid(),
            host,
            r.resource(),
            r.instance(),
            r.action(),
            SCHEDULE,
            null,
            r.state(),
            r.reason(),
            at,
            r.state().equals("refused") ? null : at,
            running ? null : at,
            running ? null : r.exitCode(),
            running ? null : r.output(),
            null,
            SCHEDULE);
    try {
      try {
        changed(store.insert(row));
      } catch (ActionStore.OpenConflict e) {
        // The agent runs one action per service; a requested one still open here was lost on its
        // side. The schedule's run is recorded all the same, without the open key.
        log.warn(
            "action: scheduled {} on {}:{} of {} started while another is open here",
            r.action(),
            r.resource(),
            r.instance(),
            host);
        changed(store.insert(row, false));
      }
    } catch (ActionStore.OpenConflict e) {
      throw new IllegalStateException("an insert without open key cannot conflict", e);
    } catch (SQLException e) {
      // The same uuid stored by a concurrent report: that one counts.
      if (store.byUuid(r.uuid()).isEmpty()) {
        throw e;
      }
    }
  }

  /** The expiry, every second: pending actions past {@code action_expiry}. */
  @Override
  public void run() {
    if (!ready.getAsBoolean()) {
      return;
    }
    try {
      long now = clock.millis();
      for (ActionRow cur : store.pendingBefore(now - expiry.toMillis())) {
        ActionRow next = ActionDecider.expired(cur, now, expiry.toMillis());
        if (store.update(next, "pending")) {
          changed(next);
        }
      }
    } catch (SQLException | RuntimeException e) {
      log.warn("actions: expiry check failed, will try again: {}", e.getMessage());
    }
  }

  public void close() {
    waiters.close();
  }

  /**
   * An action another collector sharing the database stored or changed (docs/collector.md, "Several
   * collectors"): its {@code action} stream event, and a pending one wakes its agent's long poll
   * when that agent waits here. The log line and the action_failed alert were that collector's.
   */
  public void peerChanged(ActionRow a) {
    feed.action(a.view());
    boolean mine;
    synchronized (requestedHere) {
      mine = requestedHere.contains(a.id());
    }
    if (a.state().equals("pending") && !mine) {
      waiters.wake(a.host());
    }
  }

  /** Log line, stream event, and the action_failed alert of a changed action. */
  private void changed(ActionRow a) {
    log.info(
        "action: id={} host={} service={}:{} action={} by={} state={}{}",
        a.id(),
        a.host(),
        a.resource(),
        a.instance(),
        a.action(),
        a.by(),
        a.state(),
        a.reason() == null ? "" : " reason=" + SafeText.line(a.reason()));
    feed.action(a.view());
    switch (a.state()) {
      case "failed", "timed_out" -> alert(a, AlertState.FIRING);
      case "succeeded" -> alert(a, AlertState.RESOLVED);
      default -> {}
    }
  }

  /**
   * Raises or resolves {@code action/<resource>:<instance>/action_failed} (docs/api.md, "Controlled
   * actions") through the alert path, like the collector's own host_down. Event ids follow from the
   * action's id, so a repeat is a duplicate there. A resolve is sent only while such an alert is
   * open.
   */
  private void alert(ActionRow a, AlertState state) {
    Ingest in = ingest.get();
    if (in == null) {
      return;
    }
    String instance = a.resource() + ":" + a.instance();
    try {
      if (state == AlertState.RESOLVED
          && !store.alertOpen(OpenKeys.of(a.host(), "action", instance, "action_failed"))) {
        return;
      }
      String summary =
          state == AlertState.FIRING
              ? "action "
                  + a.action()
                  + " on "
                  + instance
                  + " "
                  + a.state().replace('_', ' ')
                  + (a.exitCode() == null ? "" : " (exit " + a.exitCode() + ")")
                  + " (action "
                  + a.id()
                  + ")"
              : "action " + a.action() + " on " + instance + " succeeded (action " + a.id() + ")";
      ValidEvent e =
          new ValidEvent(
              UUID.nameUUIDFromBytes(
                      ("action:" + a.id() + ":" + a.state()).getBytes(StandardCharsets.UTF_8))
                  .toString(),
              a.host(),
              "action",
              instance,
              "action_failed",
              state,
              Severity.WARNING,
              null,
              null,
              summary,
              null,
              clock.millis());
      in.events(a.host(), List.of(e))
          .whenComplete(
              (ok, err) -> {
                if (err != null) {
                  log.warn(
                      "actions: cannot record action_failed for action {}: {}",
                      a.id(),
                      err.toString());
                }
              });
    } catch (SQLException | RuntimeException e) {
      log.warn("actions: cannot record action_failed for action {}: {}", a.id(), e.toString());
    }
  }

  /** The API's view of pending actions for the poll. */
  public static Map<String, Object> pollAnswer(List<ActionRow> pending) {
    return Map.of("actions", pending.stream().map(ActionRow::pollView).toList());
  }
}
