package io.botasky.collector.http;

import java.util.concurrent.CompletableFuture;

/**
 * Answers one route. Runs on the dispatcher executor, never on a Netty I/O thread, so it may block
 * on JDBC. Ingest handlers return a future completed once their data is committed.
 */
@FunctionalInterface
public interface Handler {
  /** Returns the answer, or throws {@link HttpError} for a contract error. */
  CompletableFuture<Response> handle(Request request) throws Exception;

  /** Adapts a synchronous handler. */
  static Handler sync(SyncHandler h) {
    return req -> CompletableFuture.completedFuture(h.handle(req));
  }

  /** A handler that answers at once. */
  @FunctionalInterface
  interface SyncHandler {
    Response handle(Request request) throws Exception;
  }
}
