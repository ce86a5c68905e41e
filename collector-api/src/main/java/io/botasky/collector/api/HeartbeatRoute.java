package io.botasky.collector.api;

import io.botasky.collector.http.Handler;
import io.botasky.collector.http.Request;
import io.botasky.collector.http.Response;
import io.botasky.collector.ingest.Ingest;
import io.botasky.collector.store.HostSql;
import java.util.concurrent.CompletableFuture;

/** {@code POST /api/v1/heartbeat}: the host is alive; ends its host_down. */
public final class HeartbeatRoute implements Handler {
  private final ApiContext ctx;
  private final Ingest ingest;
  private final AgentWrite write;

  public HeartbeatRoute(ApiContext ctx, Ingest ingest, AgentContacts contacts) {
    this.ctx = ctx;
    this.ingest = ingest;
    this.write = new AgentWrite(ctx, contacts);
  }

  /**
   * Token check, parse and a place in its writer's queue: nothing here blocks, so a small body is
   * handled on the I/O thread ({@link Handler#inline()}).
   */
  @Override
  public boolean inline() {
    return true;
  }

  @Override
  public CompletableFuture<Response> handle(Request r) {
    HeartbeatParser.Parsed p =
        write.accept(
            r,
            body -> HeartbeatParser.parse(body, ctx.json()::write),
            HeartbeatParser.Parsed::host);
    long now = ctx.clock().millis();
    HostSql.HostRow row =
        new HostSql.HostRow(
            p.host(), now, now, p.agentVersion(), r.remoteAddress(), p.sysinfoJson());
    // The answer tells the agent which inventory the collector holds (docs/api.md, "Service
    // inventory"): its base for the next short form, or resend.
    return IngestAnswers.of(() -> ingest.heartbeat(row, p.vipsHeld(), p.inventory()))
        .thenApply(ctx::ok);
  }
}
