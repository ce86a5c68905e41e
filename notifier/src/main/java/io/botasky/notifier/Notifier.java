package io.botasky.notifier;

import io.botasky.common.db.Dialect;
import io.botasky.common.lifecycle.NamedThreadFactory;
import io.botasky.common.lifecycle.Reloadable;
import io.botasky.common.lifecycle.Service;
import io.botasky.common.time.Backoff;
import io.botasky.notifier.engine.NotificationDeliverer;
import io.botasky.notifier.engine.Planner;
import io.botasky.notifier.engine.RedisWakeup;
import io.botasky.notifier.engine.Wakeup;
import io.botasky.notifier.store.Heartbeats;
import io.botasky.notifier.store.NotifierSchema;
import io.botasky.notifier.store.TargetClaims;
import io.botasky.notifier.store.TestMailRequests;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running notifier: a planning loop (find alerts that changed or fell due, decide, write the
 * ledger; take test-mail requests into it) and a delivery loop (claim recipients, send, record),
 * each woken by the poll interval, a Redis message or the other loop; plus a heartbeat and the
 * optional Redis listener. Two loops, so a slow SMTP server never holds back the ledger, and a
 * storm of decisions never holds back mail.
 */
public final class Notifier implements Service, Reloadable {
  private static final Logger log = LoggerFactory.getLogger("boird");
  private static final Duration HEARTBEAT = Duration.ofSeconds(5);

  private final String name;
  private final DataSource ds;
  private final Dialect dialect;
  private final Planner planner;
  private final TestMailRequests testMails;
  private final NotificationDeliverer deliverer;
  private final TargetClaims claims;
  private final Heartbeats heartbeats;
  private final Wakeup planWake;
  private final Wakeup deliverWake;
  private final RedisWakeup redis;
  private final Duration poll;
  private final Clock clock;
  private final Backoff backoff;
  private final AutoCloseable resources;
  private final AtomicBoolean running = new AtomicBoolean();
  private final AtomicBoolean stopped = new AtomicBoolean();
  private final CountDownLatch migrated = new CountDownLatch(1);
  private volatile boolean ready;
  private Thread planLoop;
  private Thread deliverLoop;
  private Thread redisThread;
  private ScheduledExecutorService beat;
  private volatile Reloadable reloader =
      () -> log.warn("reload: this boird was not started from a file, nothing to read again");

  Notifier(
      String name,
      DataSource ds,
      Dialect dialect,
      Planner planner,
      TestMailRequests testMails,
      NotificationDeliverer deliverer,
      TargetClaims claims,
      Heartbeats heartbeats,
      Wakeup planWake,
      Wakeup deliverWake,
      RedisWakeup redis,
      Duration poll,
      Clock clock,
      Backoff backoff,
      AutoCloseable resources) {
    this.name = name;
    this.ds = ds;
    this.dialect = dialect;
    this.planner = planner;
    this.testMails = testMails;
    this.deliverer = deliverer;
    this.claims = claims;
    this.heartbeats = heartbeats;
    this.planWake = planWake;
    this.deliverWake = deliverWake;
    this.redis = redis;
    this.poll = poll;
    this.clock = clock;
    this.backoff = backoff;
    this.resources = resources;
  }

  @Override
  public void start() {
    running.set(true);
    planLoop =
        new NamedThreadFactory("boird-plan", false)
            .newThread(() -> loop("plan", this::planOnce, planWake));
    deliverLoop =
        new NamedThreadFactory("boird-deliver", false)
            .newThread(() -> loop("deliver", this::deliverOnce, deliverWake));
    planLoop.start();
    deliverLoop.start();
    beat =
        Executors.newSingleThreadScheduledExecutor(new NamedThreadFactory("boird-heartbeat", true));
    beat.scheduleWithFixedDelay(this::heartbeat, 0, HEARTBEAT.toMillis(), TimeUnit.MILLISECONDS);
    if (redis != null) {
      redisThread = new NamedThreadFactory("boird-redis", true).newThread(redis);
      redisThread.start();
    }
  }

  /** What SIGHUP does (docs/operations.md, "Reload"); set once by the wiring. */
  void reloadWith(Reloadable r) {
    this.reloader = r;
  }

  @Override
  public void reload() {
    reloader.reload();
  }

  /** True once the schema is in place and the loops poll. */
  public boolean ready() {
    return ready;
  }

  /** Rings both loops, as a Redis message does. */
  public void wake() {
    planWake.ring();
    deliverWake.ring();
  }

  /** One step of a loop: how long it may wait now, or zero to go on at once. */
  private interface Step {
    Duration run() throws Exception;
  }

  private Duration planOnce() throws Exception {
    boolean more = planner.runOnce();
    int taken;
    try (Connection c = ds.getConnection()) {
      taken = testMails.take(c, clock.instant());
    }
    if (taken > 0) {
      log.info("test mail: took {} request(s)", taken);
      deliverWake.ring();
    }
    return more ? Duration.ZERO : poll;
  }

  private Duration deliverOnce() throws Exception {
    if (deliverer.runOnce(() -> !running.get()) > 0) {
      return Duration.ZERO;
    }
    Duration wait = poll;
    Instant next = deliverer.nextDue();
    if (next != null) {
      Duration until = Duration.between(clock.instant(), next);
      wait = until.compareTo(wait) < 0 ? until : wait;
    }
    return wait.isNegative() ? Duration.ZERO : wait;
  }

  private void loop(String role, Step step, Wakeup wake) {
    int failures = 0;
    while (running.get()) {
      try {
        if (!ready) {
          migrate(role);
          if (!ready) {
            continue;
          }
        }
        Duration wait = step.run();
        failures = 0;
        if (!wait.isZero() && running.get()) {
          wake.await(wait);
        }
      } catch (InterruptedException e) {
        if (running.get()) {
          log.warn("{}: interrupted while running, continuing", role);
        }
      } catch (Throwable t) {
        failures++;
        Duration wait = backoff.next(failures);
        // A database outage at start or later is not fatal: log, wait, try again.
        log.error(
            "{}: {} (attempt {}), retrying in {} ms",
            role,
            t.toString(),
            failures,
            wait.toMillis(),
            failures == 1 ? t : null);
        try {
          wake.await(wait);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          if (!running.get()) {
            return;
          }
        }
      }
    }
  }

  /** The planning loop migrates; the delivery loop waits for it (briefly, to notice a stop). */
  private void migrate(String role) throws Exception {
    if (role.equals("plan")) {
      NotifierSchema.migrate(ds, dialect);
      ready = true;
      migrated.countDown();
      log.info(
          "ready: {} polling every {} ms{}",
          name,
          poll.toMillis(),
          redis == null ? "" : ", waking on Redis " + RedisWakeup.CHANNEL);
    } else {
      migrated.await(200, TimeUnit.MILLISECONDS);
    }
  }

  private void heartbeat() {
    if (!ready) {
      return;
    }
    try (Connection c = ds.getConnection()) {
      heartbeats.beat(c, clock.instant());
    } catch (Throwable t) {
      log.warn("heartbeat: {}", t.toString());
    }
  }

  @Override
  public void stop() {
    if (!stopped.compareAndSet(false, true)) {
      return;
    }
    running.set(false);
    wake();
    if (redis != null) {
      redis.stop();
    }
    if (beat != null) {
      beat.shutdownNow();
    }
    // An SMTP attempt in flight is bounded by smtp_timeout; past this the claims are released
    // anyway, and a message sent after that may be sent once more by the next instance.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(7);
    join(planLoop, deadline);
    join(deliverLoop, deadline);
    try (Connection c = ds.getConnection()) {
      int n = claims.releaseAll(c);
      log.info("stop: {} released {} claim(s)", name, n);
    } catch (Throwable t) {
      log.warn("stop: releasing claims failed, they expire with their lease: {}", t.toString());
    }
    try {
      resources.close();
    } catch (Exception e) {
      log.warn("stop: closing resources: {}", e.toString());
    }
  }

  private static void join(Thread t, long deadlineNanos) {
    if (t == null) {
      return;
    }
    try {
      t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime())));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
