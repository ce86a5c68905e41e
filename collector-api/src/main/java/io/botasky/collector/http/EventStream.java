package io.botasky.collector.http;

/** One open Server-Sent Events connection. Safe to call from any thread. */
public interface EventStream {
  /**
   * Sends one event; returns false when the client is gone or too slow (its buffer is full), in
   * which case the stream is closed and the caller forgets it.
   */
  boolean send(String event, String data);

  /** A comment line, which keeps proxies from timing the connection out. */
  boolean ping();

  boolean isOpen();

  /** Runs {@code r} once the client disconnects. */
  void onClose(Runnable r);
}
