package io.botasky.agent.spool;

import io.botasky.agent.wire.Batch;
import io.botasky.agent.wire.WireCodec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Batches the disk refused, oldest first, held in memory until it takes them again. Bounded by an
 * estimate of their size: past {@code maxBytes} the oldest go (never the newest, so the latest data
 * survives). Not thread-safe: the spool's monitor guards it.
 */
final class HeldBatches {
  private final ArrayDeque<Batch> batches = new ArrayDeque<>();
  private final long maxBytes;
  private long bytes;

  HeldBatches(long maxBytes) {
    this.maxBytes = maxBytes;
  }

  void add(Batch b) {
    batches.addLast(b);
    bytes += estimate(b);
  }

  boolean isEmpty() {
    return batches.isEmpty();
  }

  /** The oldest, or null. */
  Batch first() {
    return batches.peekFirst();
  }

  /** Forgets {@code b} when it is the oldest (it was delivered). */
  void removeIfFirst(Batch b) {
    if (batches.peekFirst() == b) {
      batches.removeFirst();
      bytes -= estimate(b);
    }
  }

  /** Every batch as data-file lines, oldest first. */
  byte[] lines(WireCodec json) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Batch b : batches) {
      out.write(json.batchLine(b));
      out.write('\n');
    }
    return out.toByteArray();
  }

  void clear() {
    batches.clear();
    bytes = 0;
  }

  /** Drops the oldest batches past the bound; returns them so the caller can count the loss. */
  List<Batch> trim() {
    List<Batch> dropped = new ArrayList<>();
    while (bytes > maxBytes && batches.size() > 1) {
      Batch b = batches.removeFirst();
      bytes -= estimate(b);
      dropped.add(b);
    }
    return dropped;
  }

  private static long estimate(Batch b) {
    return 64
        + 96L * b.samples().size()
        + b.logs().stream().mapToLong(l -> 64 + 2L * l.line().length()).sum();
  }
}
