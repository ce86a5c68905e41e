package io.botasky.common.conf;

import io.botasky.common.config.Section;
import java.time.Duration;

/**
 * The collector's HTTP limits (keys of {@code /etc/pihealthd.conf}): what one peer, or everyone
 * together, may hold of the daemon's connections and memory at once.
 *
 * @param maxConnections open connections in total; past it a new one gets 503 and is closed
 * @param maxConnectionsPerPeer open connections from one address; likewise 503
 * @param requestTimeout time from a request's first byte to its last (head and body); 408 past it
 * @param idleTimeout a keep-alive connection with no request for this long is closed
 * @param maxInflight expected parsed size of all bodies being handled at once; 429 past it (413 if
 *     one body alone would exceed it). A quarter of it, at least four {@code max_body}, is what
 *     bodies still arriving may hold
 * @param maxStreamsPerPeer open live-feed streams ({@code /api/v1/stream}) from one address; 429
 *     past it
 */
public record HttpLimits(
    int maxConnections,
    int maxConnectionsPerPeer,
    Duration requestTimeout,
    Duration idleTimeout,
    long maxInflight,
    int maxStreamsPerPeer) {

  /** The defaults, for tests and embedders that read no file. */
  public static HttpLimits defaults() {
    return new HttpLimits(1024, 32, Duration.ofSeconds(30), Duration.ofSeconds(60), 48L << 20, 8);
  }

  /**
   * Bytes that bodies still being received may hold together: a quarter of max_inflight, at least 4
   * × max_body.
   */
  public long arrivingBudget(long maxBody) {
    return Math.max(maxInflight / 4, 4 * maxBody);
  }

  /**
   * The parsed size of a valid body runs up to about 13 bytes per byte (arrays of small samples),
   * so a budget under this many times {@code max_body} may refuse a valid body near max_body with
   * 413.
   */
  static final int MIN_INFLIGHT_PER_MAX_BODY = 16;

  static HttpLimits read(Section s, long maxBody) {
    HttpLimits d = defaults();
    int conns = s.intIn("max_connections", d.maxConnections, 16, 1_000_000);
    int perPeer = s.intIn("max_connections_per_peer", d.maxConnectionsPerPeer, 1, 1_000_000);
    if (perPeer > conns) {
      s.error("max_connections_per_peer", "must not exceed max_connections (" + conns + ")");
    }
    Duration request =
        within(
            s, "request_timeout", d.requestTimeout, Duration.ofSeconds(1), Duration.ofMinutes(10));
    Duration idle =
        within(s, "idle_timeout", d.idleTimeout, Duration.ofSeconds(1), Duration.ofHours(1));
    long inflight = s.size("max_inflight", d.maxInflight);
    if (inflight < (1L << 20) || inflight > (16L << 30)) {
      s.error(
          "max_inflight",
          "expected a size from 1M to 16G, got \"" + s.string("max_inflight", "") + "\"");
      inflight = d.maxInflight;
    }
    if (inflight < MIN_INFLIGHT_PER_MAX_BODY * maxBody) {
      String key = s.has("max_inflight") ? "max_inflight" : "max_body";
      String message =
          "max_inflight ("
              + inflight
              + " bytes) is less than "
              + MIN_INFLIGHT_PER_MAX_BODY
              + " x max_body: a valid body near max_body may be refused with 413";
      s.entry(key).ifPresent(e -> s.report().warning(e.source(), s.name(), key, message));
    }
    int streams = s.intIn("max_streams_per_peer", d.maxStreamsPerPeer, 1, 256);
    return new HttpLimits(conns, perPeer, request, idle, inflight, streams);
  }

  private static Duration within(Section s, String key, Duration def, Duration min, Duration max) {
    Duration v = s.duration(key, def);
    if (v.compareTo(min) < 0 || v.compareTo(max) > 0) {
      s.error(
          key,
          "expected a duration from "
              + min.toSeconds()
              + "s to "
              + max.toSeconds()
              + "s, got \""
              + s.string(key, "")
              + "\"");
      return def;
    }
    return v;
  }
}
