package io.botasky.common.lifecycle;

/** A daemon's running core: started once, stopped once (idempotent), within a time budget. */
public interface Service extends AutoCloseable {
  void start() throws Exception;

  /** Stops intake, flushes what is held and releases resources. Must return within the budget. */
  void stop();

  @Override
  default void close() {
    stop();
  }
}
