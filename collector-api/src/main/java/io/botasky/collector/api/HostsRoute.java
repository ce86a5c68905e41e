package io.botasky.collector.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.botasky.collector.http.Handler;
import io.botasky.collector.http.Request;
import io.botasky.collector.http.Response;
import io.botasky.collector.ingest.HostState;
import io.botasky.collector.ingest.Ingest;
import io.botasky.collector.store.HostSql;
import io.botasky.collector.store.Times;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import javax.sql.DataSource;

/** {@code GET /api/v1/hosts}: every host seen or expected, alive or not. */
public final class HostsRoute implements Handler.SyncHandler {
  private final ApiContext ctx;
  private final DataSource ds;
  private final Ingest ingest;
  private final Supplier<List<String>> expected;
  private final LongSupplier timeoutMs;

  /** {@code expected} and {@code timeoutMs} are asked per request: a reload may change them. */
  public HostsRoute(
      ApiContext ctx,
      DataSource ds,
      Ingest ingest,
      Supplier<List<String>> expected,
      LongSupplier timeoutMs) {
    this.ctx = ctx;
    this.ds = ds;
    this.ingest = ingest;
    this.expected = expected;
    this.timeoutMs = timeoutMs;
  }

  @Override
  public Response handle(Request r) throws Exception {
    ctx.access().requireRead(r);
    long now = ctx.clock().millis();
    long timeoutMs = this.timeoutMs.getAsLong();
    Map<String, HostState> live = ingest.hosts();
    Map<String, Map<String, Object>> out = new TreeMap<>();
    for (String h : expected.get()) {
      out.put(h, view(h, false, null, null, null));
    }
    List<HostSql.HostRow> rows;
    try (Connection c = ds.getConnection()) {
      rows = HostSql.all(c);
    }
    for (HostSql.HostRow row : rows) {
      HostState st = live.get(row.host());
      // A heartbeat another collector stored is newer than this host watch's (docs/collector.md,
      // "Several collectors"): the host is alive, whatever this collector last knew.
      boolean alive =
          st != null && st.lastSeen() >= row.lastSeen()
              ? !st.down() && now - st.lastSeen() <= timeoutMs
              : now - row.lastSeen() <= timeoutMs;
      JsonNode sys =
          row.sysinfoJson() == null ? null : ctx.json().mapper().readTree(row.sysinfoJson());
      out.put(row.host(), view(row.host(), alive, row.lastSeen(), row.agentVersion(), sys));
    }
    return ctx.ok(Map.of("hosts", new ArrayList<>(out.values())));
  }

  private static Map<String, Object> view(
      String host, boolean alive, Long lastSeen, String version, JsonNode sysinfo) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("host", host);
    m.put("alive", alive);
    m.put("last_seen", Times.rfc3339(lastSeen));
    m.put("agent_version", version);
    m.put("sysinfo", sysinfo);
    return m;
  }
}
