package io.botasky.notifier.engine;

import io.botasky.common.time.Backoff;
import java.net.URI;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.JedisPubSub;
import redis.clients.jedis.RedisClient;

/**
 * Listens on the Redis channel the collector publishes to after each commit that changed alerts
 * ({@code botasky:alerts}) and rings the work loop at once. Redis is only a doorbell: a lost
 * message costs at most one {@code poll_interval}, so an outage is logged and retried, never fatal.
 */
public final class RedisWakeup implements Runnable {
  public static final String CHANNEL = "botasky:alerts";
  private static final Logger log = LoggerFactory.getLogger("redis");

  private final URI url;
  private final Runnable wakeup;
  private final Backoff backoff;
  private final AtomicBoolean running = new AtomicBoolean(true);
  private volatile RedisClient client;
  private volatile JedisPubSub sub;

  public RedisWakeup(URI url, Runnable wakeup, Backoff backoff) {
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
                log.info("subscribe: listening on {}, waking on every alert change", channel);
                // Anything published while we were away was missed: look now.
                wakeup.run();
              }
            };
        sub = s;
        if (!running.get()) {
          return;
        }
        c.subscribe(s, CHANNEL);
        failures = 0;
      } catch (RuntimeException e) {
        if (!running.get()) {
          return;
        }
        failures++;
        long wait = backoff.next(failures).toMillis();
        log.warn(
            "subscribe: {}:{} unavailable ({}), polling meanwhile; retry in {} ms",
            url.getHost(),
            url.getPort(),
            e.getMessage(),
            wait);
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
      log.debug("stop: unsubscribe: {}", e.getMessage());
    }
    RedisClient c = client;
    if (c != null) {
      c.close();
    }
  }
}
