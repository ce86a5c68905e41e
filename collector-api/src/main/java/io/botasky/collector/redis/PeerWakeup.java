package io.botasky.collector.redis;

import io.botasky.common.time.Backoff;
import java.net.URI;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.JedisPubSub;
import redis.clients.jedis.RedisClient;

/**
 * Listens on {@value WakeupPublisher#CHANNEL}, where every collector publishes after a commit that
 * changed alerts, and rings the peer poll at once (docs/collector.md, "Several collectors"). The
 * same doorbell as boird's ({@code notifier/engine/RedisWakeup}): a lost message costs at most the
 * poll's second, so an outage is logged and retried with backoff, never fatal. Runs on its own
 * thread ({@code subscribe} blocks).
 */
public final class PeerWakeup implements Runnable {
  private static final Logger log = LoggerFactory.getLogger("redis");

  private final URI url;
  private final Runnable wakeup;
  private final Backoff backoff;
  private final AtomicBoolean running = new AtomicBoolean(true);
  private volatile RedisClient client;
  private volatile JedisPubSub sub;

  public PeerWakeup(URI url, Runnable wakeup, Backoff backoff) {
    this.url = url;
    this.wakeup = wakeup;
    this.backoff = backoff;
  }

  @Override
  public void run() {
    int failures = 0;
    while (running.get()) {
      try (RedisClient c = RedisClient.create(url)) {
        client = c;
        JedisPubSub s =
            new JedisPubSub() {
              @Override
              public void onMessage(String channel, String message) {
                wakeup.run();
              }

              @Override
              public void onSubscribe(String channel, int count) {
                log.info("redis: listening on {} for the other collectors' commits", channel);
                wakeup.run();
              }
            };
        sub = s;
        if (!running.get()) {
          return;
        }
        c.subscribe(s, WakeupPublisher.CHANNEL);
        failures = 0;
      } catch (RuntimeException e) {
        if (!running.get()) {
          return;
        }
        failures++;
        long wait = backoff.next(failures).toMillis();
        if (failures == 1) {
          log.warn(
              "redis: cannot subscribe ({}), the peer poll runs every second meanwhile; retrying",
              e.getMessage());
        }
        try {
          Thread.sleep(wait);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  public void stop() {
    running.set(false);
    JedisPubSub s = sub;
    try {
      if (s != null && s.isSubscribed()) {
        s.unsubscribe();
      }
    } catch (RuntimeException e) {
      log.debug("redis: unsubscribe: {}", e.getMessage());
    }
    RedisClient c = client;
    if (c != null) {
      c.close();
    }
  }
}
