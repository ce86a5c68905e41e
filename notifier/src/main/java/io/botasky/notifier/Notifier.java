package io.botasky.notifier;

import io.botasky.common.db.Dialect;
import io.botasky.common.lifecycle.NamedThreadFactory;
import io.botasky.common.lifecycle.Service;
import io.botasky.common.time.Backoff;
import io.botasky.notifier.engine.Deliverer;
import io.botasky.notifier.engine.Planner;
import io.botasky.notifier.engine.RedisWakeup;
import io.botasky.notifier.engine.Wakeup;
import io.botasky.notifier.store.Heartbeats;
import io.botasky.notifier.store.NotifierSchema;
import io.botasky.notifier.store.TargetClaims;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running notifier: one work loop (plan, then deliver, then wait for the poll interval, a Redis
 * wake-up or the next due time), a heartbeat and the optional Redis listener.
 */
public final class Notifier implements Service {
  private static final Logger log = LoggerFactory.getLogger("boird");
  private static final Duration HEARTBEAT = Duration.ofSeconds(5);

  private final String name;
  private final DataSource ds;
  private final Dialect dialect;
  private final Planner planner;
  private final Deliverer deliverer;
  private final TargetClaims claims;
  private final Heartbeats heartbeats;
  private final Wakeup wakeup;
  private final RedisWakeup redis;
  private final Duration poll;
  private final Clock clock;
  private final Backoff backoff;
  private final AutoCloseable resources;
  private final AtomicBoolean running = new AtomicBoolean();
  private final AtomicBoolean stopped = new AtomicBoolean();
  private volatile boolean ready;
  private Thread loop;
  private Thread redisThread;
  private ScheduledExecutorService beat;

  Notifier(
      String name,
      DataSource ds,
      Dialect dialect,
      Planner planner,
      Deliverer deliverer,
      TargetClaims claims,
      Heartbeats heartbeats,
      Wakeup wakeup,
      RedisWakeup redis,
      Duration poll,
      Clock clock,
      Backoff backoff,
      AutoCloseable resources) {
    this.name = name;
    this.ds = ds;
    this.dialect = dialect;
    this.planner = planner;
    this.deliverer = deliverer;
    this.claims = claims;
    this.heartbeats = heartbeats;
    this.wakeup = wakeup;
    this.redis = redis;
    this.poll = poll;
    this.clock = clock;
    this.backoff = backoff;
    this.resources = resources;
  }

  @Override
  public void start() {
    running.set(true);
    loop = new NamedThreadFactory("boird-loop", false).newThread(this::run);
    loop.start();
    beat = Executors.newSingleThreadScheduledExecutor(new NamedThreadFactory("boird-heartbeat", true));
    beat.scheduleWithFixedDelay(this::heartbeat, 0, HEARTBEAT.toMillis(), TimeUnit.MILLISECONDS);
    if (redis != null) {
      redisThread = new NamedThreadFactory("boird-redis", true).newThread(redis);
      redisThread.start();
    }
  }

  /** True once the schema is in place and the loop polls. */
  public boolean ready() {
    return ready;
  }

  /** Rings the work loop, as a Redis message would. */
  public void wake() {
    wakeup.ring();
  }

  private void run() {
    int failures = 0;
    while (running.get()) {
      try {
        if (!ready) {
          NotifierSchema.migrate(ds, dialect);
          ready = true;
          log.info(
              "ready: {} polling every {} ms{}", name, poll.toMillis(), redis == null ? "" : ", waking on Redis " + RedisWakeup.CHANNEL);
        }
        boolean more = planner.runOnce();
        int sent = deliverer.runOnce(() -> !running.get());
        failures = 0;
        if ((more || sent > 0) && running.get()) {
          continue;
        }
        Duration wait = poll;
        Instant next = deliverer.nextDue();
        if (next != null) {
          Duration until = Duration.between(clock.instant(), next);
          wait = until.compareTo(wait) < 0 ? until : wait;
        }
        wakeup.await(wait.isNegative() ? Duration.ZERO : wait);
      } catch (InterruptedException e) {
        if (running.get()) {
          log.warn("loop: interrupted while running, continuing");
        }
      } catch (Throwable t) {
        failures++;
        Duration wait = backoff.next(failures);
        // A database outage at start or later is not fatal: log, wait, try again.
        log.error("loop: {} (attempt {}), retrying in {} ms", t.toString(), failures, wait.toMillis(), failures == 1 ? t : null);
        try {
          wakeup.await(wait);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          if (!running.get()) {
            return;
          }
        }
      }
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
    wakeup.ring();
    if (redis != null) {
      redis.stop();
    }
    if (beat != null) {
      beat.shutdownNow();
    }
    if (loop != null) {
      try {
        // An SMTP attempt in flight is bounded by smtp_timeout; past this the claim is released
        // anyway and the lease protects against a double send only until it runs out.
        loop.join(7000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
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
}
