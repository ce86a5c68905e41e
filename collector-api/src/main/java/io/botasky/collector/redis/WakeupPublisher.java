package io.botasky.collector.redis;

import io.botasky.collector.ingest.AlertListener;
import io.botasky.common.lifecycle.NamedThreadFactory;
import io.botasky.common.log.SafeThrowable;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.RedisClient;

/**
 * Publishes the ids of changed alerts on {@value #CHANNEL} after each commit, so boird wakes at
 * once instead of at its next poll. Off the ingest path: a slow or dead Redis delays nobody, and
 * boird's polling covers anything lost.
 */
public final class WakeupPublisher implements AlertListener, AutoCloseable {
  public static final String CHANNEL = "botasky:alerts";
  private static final Logger log = LoggerFactory.getLogger("redis");

  private final RedisClient client;
  private final ExecutorService executor;
  private volatile String lastError;

  public WakeupPublisher(String redisUrl) {
    URI u = URI.create(redisUrl);
    DefaultJedisClientConfig.Builder cfg =
        DefaultJedisClientConfig.builder().connectionTimeoutMillis(2000).socketTimeoutMillis(2000);
    String path = u.getPath() == null ? "" : u.getPath().replace("/", "");
    if (!path.isEmpty()) {
      cfg.database(Integer.parseInt(path));
    }
    if (u.getUserInfo() != null) {
      String[] ui = u.getUserInfo().split(":", 2);
      if (ui.length == 2) {
        if (!ui[0].isEmpty()) {
          cfg.user(ui[0]);
        }
        cfg.password(ui[1]);
      } else {
        cfg.password(ui[0]);
      }
    }
    this.client =
        RedisClient.builder()
            .hostAndPort(u.getHost(), u.getPort() < 0 ? 6379 : u.getPort())
            .clientConfig(cfg.build())
            .build();
    // One thread, bounded queue, oldest wake-ups dropped when Redis is slow: a wake-up is only a
    // hint.
    this.executor =
        new ThreadPoolExecutor(
            1,
            1,
            0,
            TimeUnit.MILLISECONDS,
            new LinkedBlockingQueue<>(10_000),
            new NamedThreadFactory("pihealthd-redis", true),
            new ThreadPoolExecutor.DiscardOldestPolicy());
  }

  @Override
  public void changed(Set<Long> alertIds) {
    String message = alertIds.stream().map(String::valueOf).collect(Collectors.joining(","));
    executor.execute(
        () -> {
          try {
            client.publish(CHANNEL, message);
            if (lastError != null) {
              log.info("redis: publishing again");
              lastError = null;
            }
          } catch (RuntimeException e) {
            if (!e.toString().equals(lastError)) {
              log.warn(
                  "redis: cannot publish wake-up (boird falls back to polling): {}", e.toString());
              lastError = e.toString();
            }
          }
        });
  }

  /** For {@code botasky status}. */
  public Map<String, Object> status() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("configured", true);
    try {
      m.put("ok", "PONG".equals(client.ping()));
    } catch (RuntimeException e) {
      m.put("ok", false);
      // Shown to API readers: masked, in case the client quotes its URL with the password.
      m.put("problem", SafeThrowable.message(e));
    }
    return m;
  }

  @Override
  public void close() {
    executor.shutdown();
    try {
      executor.awaitTermination(1, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    client.close();
  }
}
