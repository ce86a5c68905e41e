package io.botasky.notifier.engine;

import io.botasky.common.time.Backoff;
import io.botasky.notifier.channel.Channel;
import io.botasky.notifier.channel.DeliveryException;
import io.botasky.notifier.channel.HeldBack;
import io.botasky.notifier.channel.Item;
import io.botasky.notifier.channel.Notification;
import io.botasky.notifier.policy.AlertFacts;
import io.botasky.notifier.policy.Tuning;
import io.botasky.notifier.store.AlertReader;
import io.botasky.notifier.store.ChannelAlarms;
import io.botasky.notifier.store.Ledger;
import io.botasky.notifier.store.LedgerRow;
import io.botasky.notifier.store.Suppressions;
import io.botasky.notifier.store.Target;
import io.botasky.notifier.store.TargetClaims;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends what the ledger holds: claims one recipient at a time, sends every due row of it as one
 * message, records the outcome, and paces the recipient by group_wait. Failures are retried with
 * exponential backoff; a notification that keeps failing is also written to the log channel, and an
 * alert about the failing channel is raised.
 */
public final class NotificationDeliverer {
  private static final Logger log = LoggerFactory.getLogger("deliver");

  /** A storm's message lists all its alerts, up to this many. */
  static final int MAX_ROWS = 10_000;

  private final DataSource ds;
  private final Map<String, Channel> channels;
  private final Ledger ledger;
  private final TargetClaims claims;
  private final ChannelAlarms alarms;
  private volatile Tuning tuning;
  private final Backoff backoff;
  private final String logTarget;
  private final String master;
  private final Clock clock;
  private final AlertReader alerts = new AlertReader();
  private final Suppressions suppressions = new Suppressions();
  private final Set<String> alarmed = ConcurrentHashMap.newKeySet();
  private final Runnable onAlarm;

  public NotificationDeliverer(
      DataSource ds,
      Map<String, Channel> channels,
      Ledger ledger,
      TargetClaims claims,
      ChannelAlarms alarms,
      Tuning tuning,
      Backoff backoff,
      String logTarget,
      String master,
      Clock clock,
      Runnable onAlarm) {
    this.ds = ds;
    this.channels = Map.copyOf(channels);
    this.ledger = ledger;
    this.claims = claims;
    this.alarms = alarms;
    this.tuning = tuning;
    this.backoff = backoff;
    this.logTarget = logTarget;
    this.master = master;
    this.clock = clock;
    this.onAlarm = onAlarm;
  }

  /** The tuning of a reloaded escalation file (docs/operations.md, "Reload"). */
  public void replaceTuning(Tuning tuning) {
    this.tuning = tuning;
  }

  /** One pass over the recipients with due rows. Returns how many messages it attempted. */
  public int runOnce(BooleanSupplier stopping) throws SQLException {
    int attempted = 0;
    try (Connection c = ds.getConnection()) {
      c.setAutoCommit(true);
      List<Target> todo = ledger.candidates(c, clock.instant(), 200);
      // Log lines first: they cannot hang, and a slow mail server must not hold them back.
      todo = new ArrayList<>(todo);
      todo.sort((a, b) -> Boolean.compare(!a.channel().equals("log"), !b.channel().equals("log")));
      for (Target t : todo) {
        if (stopping.getAsBoolean()) {
          break;
        }
        if (claims.claim(c, t, clock.instant())) {
          attempted += deliver(c, t);
        }
      }
    }
    return attempted;
  }

  /** When the next row becomes deliverable, or null. */
  public Instant nextDue() throws SQLException {
    try (Connection c = ds.getConnection()) {
      return ledger.nextDue(c, clock.instant());
    }
  }

  private int deliver(Connection c, Target t) throws SQLException {
    Instant now = clock.instant();
    Instant sentAt = null;
    Instant next = null;
    int attempted = 0;
    try {
      List<LedgerRow> rows = ledger.pending(c, t, now, MAX_ROWS);
      Channel ch = channels.get(t.channel());
      if (ch == null) {
        ledger.markFailedAttempt(
            c, rows, "no channel \"" + t.channel() + "\" in this notifier", null);
        return 0;
      }
      List<LedgerRow> tests = rows.stream().filter(LedgerRow::test).toList();
      List<LedgerRow> real = rows.stream().filter(r -> !r.test()).toList();
      for (LedgerRow r : tests) {
        attempted++;
        Notification n =
            new Notification(
                t.channel(),
                t.target(),
                List.of(),
                true,
                "<botasky.test." + r.id() + "@" + master + ">");
        Outcome o = attempt(c, ch, n, List.of(r));
        sentAt = o.sent ? clock.instant() : sentAt;
        next = later(next, o.retryAt);
      }
      if (!real.isEmpty()) {
        Map<Long, AlertFacts> facts =
            alerts.byIds(c, real.stream().map(LedgerRow::alertId).distinct().toList());
        List<Item> items = new ArrayList<>();
        List<LedgerRow> sendable = new ArrayList<>();
        List<LedgerRow> orphans = new ArrayList<>();
        for (LedgerRow r : real) {
          AlertFacts a = facts.get(r.alertId());
          if (a == null) {
            orphans.add(r);
          } else {
            items.add(new Item(a, r.kind(), r.epoch(), r.step(), r.round(), r.id()));
            sendable.add(r);
          }
        }
        if (!orphans.isEmpty()) {
          ledger.markFailedAttempt(c, orphans, "alert no longer exists", null);
        }
        if (!sendable.isEmpty() && ch.requestsActions()) {
          // One request per alert: a refusal for one service must not fail the others' rows.
          for (int k = 0; k < items.size(); k++) {
            attempted++;
            List<Item> one = List.of(items.get(k));
            Outcome o =
                attempt(
                    c,
                    ch,
                    new Notification(t.channel(), t.target(), one, false, messageId(one)),
                    List.of(sendable.get(k)));
            sentAt = o.sent ? clock.instant() : sentAt;
            next = later(next, o.retryAt);
          }
        } else if (!sendable.isEmpty()) {
          attempted++;
          // A parent's mail lists the alerts it holds back, as they are now (docs/notifier.md).
          Map<Long, HeldBack> held =
              t.channel().equals("mail")
                  ? suppressions.heldBack(
                      c,
                      items.stream()
                          .filter(i -> i.kind().firing())
                          .map(i -> i.alert().id())
                          .toList(),
                      HeldBack.CAP)
                  : Map.of();
          Outcome o =
              attempt(
                  c,
                  ch,
                  new Notification(t.channel(), t.target(), items, false, messageId(items), held),
                  sendable);
          sentAt = o.sent ? clock.instant() : sentAt;
          next = later(next, o.retryAt);
        }
        if (sentAt != null && ch.paced()) {
          long wait = rows.stream().mapToLong(LedgerRow::groupWaitMs).max().orElse(0);
          next = later(next, sentAt.plusMillis(wait));
        }
      }
    } finally {
      claims.release(c, t, sentAt, next);
    }
    return attempted;
  }

  private record Outcome(boolean sent, Instant retryAt) {}

  private Outcome attempt(Connection c, Channel ch, Notification n, List<LedgerRow> rows)
      throws SQLException {
    long t0 = System.nanoTime();
    try {
      try {
        ch.send(n);
      } catch (RuntimeException bug) {
        // A channel bug must not block its recipient forever: count it as a failed attempt, so
        // backoff, fallback and retry_for apply as to any failure.
        throw new DeliveryException(ch.type() + " " + n.target() + ": " + bug, true, bug);
      }
      Instant done = clock.instant();
      ledger.markSent(c, rows, done);
      log.info(
          "send: {} {} {} notification(s) ok in {} ms{}",
          ch.type(),
          n.target(),
          rows.size(),
          (System.nanoTime() - t0) / 1_000_000,
          n.test() ? " (test mail)" : "");
      if (alarmed.remove(ch.type()) || rows.stream().anyMatch(r -> r.attempts() > 0)) {
        if (alarms.clear(c, ch.type(), done)) {
          log.info("alarm: channel {} delivers again, alert resolved", ch.type());
          onAlarm.run();
        }
      }
      return new Outcome(true, null);
    } catch (DeliveryException e) {
      Instant now = clock.instant();
      int attempts = rows.stream().mapToInt(LedgerRow::attempts).max().orElse(0) + 1;
      Instant oldest = rows.stream().map(LedgerRow::createdAt).min(Instant::compareTo).orElse(now);
      boolean retry = e.retryable() && now.isBefore(oldest.plus(tuning.retryFor()));
      Instant retryAt = retry ? now.plus(backoff.next(attempts)) : null;
      ledger.markFailedAttempt(c, rows, e.getMessage(), retryAt);
      log.warn(
          "send: {} {} {} notification(s) failed (attempt {}), {}: {}",
          ch.type(),
          n.target(),
          rows.size(),
          attempts,
          retry ? "retry at " + retryAt : "giving up",
          e.getMessage());
      boolean fallback =
          !ch.type().equals("log")
              && !ch.requestsActions()
              && (!retry || attempts == tuning.fallbackAfter());
      if (fallback) {
        for (LedgerRow r : rows) {
          if (!r.test()) {
            ledger.addFallback(c, r, logTarget, now);
          }
        }
      }
      if (e.retryable() && attempts >= tuning.fallbackAfter() && !ch.type().equals("log")) {
        if (alarms.raise(c, ch.type(), e.getMessage(), now)) {
          log.warn("alarm: channel {} keeps failing, alert raised: {}", ch.type(), e.getMessage());
          onAlarm.run();
        }
        alarmed.add(ch.type());
      }
      return new Outcome(false, retryAt);
    }
  }

  private static Instant later(Instant a, Instant b) {
    if (a == null) {
      return b;
    }
    return b == null || b.isBefore(a) ? a : b;
  }

  /**
   * Fixed per (alert, step) for a single alert, so a retry after a lost answer carries the same
   * Message-ID; a group gets one derived from its members.
   */
  String messageId(List<Item> items) {
    if (items.size() == 1) {
      Item i = items.get(0);
      return "<botasky."
          + i.alert().id()
          + "."
          + i.kind().wire()
          + "."
          + i.epoch()
          + "."
          + i.step()
          + "."
          + i.round()
          + "@"
          + master
          + ">";
    }
    StringBuilder sb = new StringBuilder();
    items.forEach(i -> sb.append(i.ledgerId()).append(','));
    try {
      byte[] d =
          MessageDigest.getInstance("SHA-256")
              .digest(sb.toString().getBytes(StandardCharsets.UTF_8));
      return "<botasky.group." + HexFormat.of().formatHex(d, 0, 12) + "@" + master + ">";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
