package io.botasky.agent.spool;

import io.botasky.agent.wire.Batch;

/**
 * The batch handed to the sender and not yet answered: {@code text} is its line as read (null for a
 * batch held in memory), {@code line} its place in the data file (null elsewhere).
 */
record Pending(Batch batch, String text, Kind kind, DataFile.Line line) {
  /** Where the batch was read from. */
  enum Kind {
    BACKUP,
    CURRENT,
    MEMORY
  }
}
