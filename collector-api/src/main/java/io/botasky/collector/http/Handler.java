package io.botasky.collector.http;

import java.util.concurrent.CompletableFuture;

/**
 * Answers one route. Runs on the dispatcher executor, so it may block on JDBC — unless it declares
 * itself {@link #inline()}. Ingest handlers return a future completed once their data is committed.
 */
@FunctionalInterface
public interface Handler {
  /** Returns the answer, or throws {@link HttpError} for a contract error. */
  CompletableFuture<Response> handle(Request request) throws Exception;

  /**
   * True for a handler that never blocks (no JDBC, no file or network I/O, no lock held long) and
   * only parses, checks and queues: the dispatcher then runs it on the Netty I/O thread for a small
   * body instead of handing it to its executor.
   */
  default boolean inline() {
    return false;
  }

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
