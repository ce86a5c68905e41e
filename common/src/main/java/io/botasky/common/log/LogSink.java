package io.botasky.common.log;

/** Where {@link LogBackend} hands each enabled logging call: a file, stderr, the forwarding. */
interface LogSink {
  void write(LogEntry e);

  /** Flushes and releases what the sink holds; it writes nothing afterwards. */
  default void close() {}
}
