package io.botasky.collector.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.botasky.common.wire.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Client threads posting events to {@code /api/v1/events} as agents do while something fails behind
 * the URL: each thread its own host, batches of 5 fresh event ids, a batch resent with the SAME ids
 * after a 5xx or a connection error until it is answered 200 (docs/agent.md, the spool), so a test
 * can check afterwards that everything answered 200 was stored exactly once ({@link #verify}).
 */
public final class EventLoad implements AutoCloseable {
  private static final Duration RETRY_PAUSE = Duration.ofMillis(100);

  private final String url;
  private final String token;
  private final Set<String> acked = ConcurrentHashMap.newKeySet();
  private final Set<String> attempted = ConcurrentHashMap.newKeySet();
  private final Set<String> hosts = ConcurrentHashMap.newKeySet();
  private final List<String> refused = java.util.Collections.synchronizedList(new ArrayList<>());
  private final AtomicLong failures = new AtomicLong();
  private final AtomicBoolean stop = new AtomicBoolean();
  private final List<Thread> threads = new ArrayList<>();
  private volatile long giveUpAtNanos = Long.MAX_VALUE;

  /** Starts {@code threads} clients posting to {@code baseUrl} (e.g. http://127.0.0.1:8080). */
  public EventLoad(String baseUrl, String token, String hostPrefix, int threads) {
    this.url = baseUrl + "/api/v1/events";
    this.token = token;
    for (int t = 0; t < threads; t++) {
      String host = hostPrefix + t;
      hosts.add(host);
      Thread th = new Thread(() -> run(host), "load-" + host);
      th.setDaemon(true);
      th.start();
      this.threads.add(th);
    }
  }

  public int acked() {
    return acked.size();
  }

  /** Requests that failed (5xx, connection error, timeout) and were resent. */
  public long failures() {
    return failures.get();
  }

  /**
   * Stops sending new batches; each client still resends its last one until it is answered 200 or
   * {@code drain} has passed (then its ids stay unanswered: sent, maybe stored, never acked).
   */
  public void stop(Duration drain) throws InterruptedException {
    giveUpAtNanos = System.nanoTime() + drain.toNanos();
    stop.set(true);
    for (Thread th : threads) {
      th.join(drain.toMillis() + 15_000);
    }
  }

  private void run(String host) {
    HttpClient http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();
    while (!stop.get()) {
      List<Map<String, Object>> events = new ArrayList<>();
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        String id = UUID.randomUUID().toString();
        ids.add(id);
        // firing, resolved, firing, resolved, firing: every batch leaves the host's alert open.
        events.add(
            Map.of(
                "event_id", id,
                "resource", "system",
                "instance", "/",
                "check", "disk_usage",
                "state", i % 2 == 0 ? "firing" : "resolved",
                "severity", "warning",
                "summary", "load " + i));
      }
      attempted.addAll(ids);
      byte[] body;
      try {
        body = Json.mapper().writeValueAsBytes(Map.of("host", host, "events", events));
      } catch (java.io.IOException e) {
        throw new IllegalStateException(e);
      }
      while (true) {
        int status = send(http, body);
        if (status == 200) {
          acked.addAll(ids);
          break;
        }
        if (status >= 400 && status < 500) {
          refused.add(host + ": HTTP " + status);
          break;
        }
        failures.incrementAndGet();
        if (System.nanoTime() > giveUpAtNanos) {
          return;
        }
        try {
          Thread.sleep(RETRY_PAUSE.toMillis()); // the agent's resend pause, not a test wait
        } catch (InterruptedException e) {
          return;
        }
      }
    }
  }

  /** The status, or -1 for a connection error or a timeout. */
  private int send(HttpClient http, byte[] body) {
    try {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(URI.create(url))
                  .header("Content-Type", "application/json")
                  .header("Authorization", "Bearer " + token)
                  .timeout(Duration.ofSeconds(15))
                  .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      return r.statusCode();
    } catch (java.io.IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  /**
   * On the database the collectors wrote: every event answered 200 is in alert_events, none twice,
   * none that was never sent; no request was refused; and the alerts are consistent — every event
   * points at an existing alert of its host, at most one open alert per host (the fingerprint), and
   * since every batch ends firing, every host that stored anything has exactly that one open alert.
   */
  public void verify(Connection c) throws SQLException {
    assertThat(refused).as("requests refused with 4xx").isEmpty();
    Set<String> stored = new HashSet<>();
    long rows;
    try (Statement s = c.createStatement()) {
      try (ResultSet rs = s.executeQuery("SELECT event_id FROM alert_events")) {
        while (rs.next()) {
          stored.add(rs.getString(1));
        }
      }
      rows = count(s, "SELECT COUNT(*) FROM alert_events");
      assertThat(stored).as("every event answered 200 is stored").containsAll(acked);
      assertThat(rows).as("no event stored twice").isEqualTo(stored.size());
      assertThat(attempted).as("nothing stored that was never sent").containsAll(stored);
      assertThat(
              count(
                  s,
                  "SELECT COUNT(*) FROM alert_events e LEFT JOIN alerts a ON a.id = e.alert_id"
                      + " WHERE a.id IS NULL OR a.host <> e.host"))
          .as("every event belongs to an alert of its host")
          .isZero();
      assertThat(
              count(
                  s,
                  "SELECT COUNT(*) FROM alerts WHERE (state = 'resolved') <> (open_key IS NULL)"))
          .as("open_key set exactly on the alerts not resolved")
          .isZero();
      for (String host : hosts) {
        long events = count(s, "SELECT COUNT(*) FROM alert_events WHERE host = '" + host + "'");
        long open =
            count(
                s,
                "SELECT COUNT(*) FROM alerts WHERE open_key IS NOT NULL AND host = '" + host + "'");
        assertThat(open).as("open alerts of " + host).isEqualTo(events > 0 ? 1 : 0);
      }
    }
  }

  private static long count(Statement s, String sql) throws SQLException {
    try (ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  @Override
  public void close() throws InterruptedException {
    if (!stop.get()) {
      stop(Duration.ZERO);
    }
  }
}
