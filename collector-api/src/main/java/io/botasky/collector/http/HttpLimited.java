package io.botasky.collector.http;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every time a limit refuses or cuts something: counted in {@code
 * botasky_http_limited_total{limit}} and logged at most once a minute per limit (an attack must not
 * turn into a flood of log lines).
 */
public final class HttpLimited {
  private static final Logger log = LoggerFactory.getLogger("http");
  private static final long LOG_INTERVAL_MILLIS = 60_000;

  /** The limits; each tag value names the config key that sets it. */
  public enum Limit {
    MAX_CONNECTIONS,
    MAX_CONNECTIONS_PER_PEER,
    REQUEST_TIMEOUT,
    IDLE_TIMEOUT,
    MAX_BODY,
    /** Expected parsed size of the bodies being handled. */
    MAX_INFLIGHT,
    /** Large bodies parsed at once (derived from max_inflight). */
    MAX_INFLIGHT_LARGE,
    /** Bodies still arriving (a quarter of max_inflight, at least 4 × max_body). */
    MAX_INFLIGHT_ARRIVING,
    /** The dispatcher's queue of requests waiting for a thread. */
    DISPATCHER_QUEUE,
    MAX_STREAMS_PER_PEER;

    public String tag() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private record State(Counter counter, AtomicLong lastLog, AtomicLong sinceLog) {}

  private final Map<Limit, State> states = new EnumMap<>(Limit.class);
  private final Clock clock;

  public HttpLimited(MeterRegistry registry, Clock clock) {
    this.clock = clock;
    for (Limit l : Limit.values()) {
      Counter c =
          Counter.builder("botasky_http_limited")
              .description("Requests or connections refused or cut by an HTTP limit")
              .tag("limit", l.tag())
              .register(registry);
      states.put(l, new State(c, new AtomicLong(Long.MIN_VALUE), new AtomicLong()));
    }
  }

  /** Records one hit of {@code limit}; {@code peer} only goes to the log line. */
  public void hit(Limit limit, String peer) {
    State s = states.get(limit);
    s.counter.increment();
    long n = s.sinceLog.incrementAndGet();
    long now = clock.millis();
    long last = s.lastLog.get();
    if (now - last >= LOG_INTERVAL_MILLIS && s.lastLog.compareAndSet(last, now)) {
      s.sinceLog.addAndGet(-n);
      if (limit == Limit.IDLE_TIMEOUT) {
        log.debug(
            "limit: {} reached ({} times in the last minute; last from {})", limit.tag(), n, peer);
      } else {
        log.warn(
            "limit: {} reached ({} times in the last minute; last from {})", limit.tag(), n, peer);
      }
    }
  }

  /** How often {@code limit} was hit since start (tests). */
  public long count(Limit limit) {
    return (long) states.get(limit).counter.count();
  }
}
