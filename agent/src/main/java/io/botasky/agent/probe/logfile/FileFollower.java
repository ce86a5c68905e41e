package io.botasky.agent.probe.logfile;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.function.Consumer;

/**
 * Follows one log file like {@code tail -F}: the file stays open between rounds, so after a rename
 * rotation the rest of the old file is still read (through the open descriptor) before the new one;
 * what to do each round is {@link Rotation#decide}'s. Each {@link #poll} reads at most {@code
 * maxBytesPerRound}; the rest waits for the next round. Not thread-safe: one probe round at a time.
 */
final class FileFollower implements AutoCloseable {
  private static final int CHUNK = 64 * 1024;

  private final Path path;
  private final long maxBytesPerRound;
  private final LineSplitter splitter;
  private final byte[] chunk = new byte[CHUNK];
  private FileChannel open;
  private Object openKey;
  private long offset;
  private boolean looked;

  /** What one poll did. */
  record Polled(Rotation.Reason reason, long bytes, boolean behind) {}

  FileFollower(Path path, long maxBytesPerRound, int maxLineBytes) {
    this.path = path;
    this.maxBytesPerRound = maxBytesPerRound;
    this.splitter = new LineSplitter(maxLineBytes);
  }

  /** Reads what was appended since the last poll and passes each complete line to {@code out}. */
  Polled poll(Consumer<String> out) throws IOException {
    Rotation.Seen now = stat();
    Rotation.Reason r = Rotation.decide(!looked, openKey, offset, now);
    long budget = maxBytesPerRound;
    switch (r) {
      case DIRECTORY, WAIT -> {
        // What appears at the path from now on is new: read it from its start.
        looked = true;
        return new Polled(r, 0, false);
      }
      case START_AT_END -> {
        // Only once the file could be opened: a file unreadable at start (permissions) is still
        // followed from its end once it can be read, not flooded from its start.
        openFile(now);
        offset = open.size();
        looked = true;
        return new Polled(r, 0, false);
      }
      case OPEN_NEW -> openFile(now);
      case TRUNCATED -> {
        offset = 0;
        splitter.reset();
      }
      case READ_ON -> {
        // read below
      }
      case ROTATED, GONE -> {
        long n = readOn(budget, out);
        budget -= n;
        if (offset < open.size()) {
          return new Polled(r, n, true);
        }
        splitter.finish(out);
        closeOpen();
        if (r == Rotation.Reason.GONE) {
          return new Polled(r, n, false);
        }
        Rotation.Seen again = stat();
        if (!again.exists() || again.directory()) {
          return new Polled(r, n, false);
        }
        openFile(again);
        long m = readOn(budget, out);
        return new Polled(r, n + m, offset < open.size());
      }
    }
    long n = readOn(budget, out);
    return new Polled(r, n, offset < open.size());
  }

  private long readOn(long budget, Consumer<String> out) throws IOException {
    long total = 0;
    ByteBuffer buf = ByteBuffer.wrap(chunk);
    while (total < budget) {
      buf.clear();
      buf.limit((int) Math.min(CHUNK, budget - total));
      int n = open.read(buf, offset);
      if (n <= 0) {
        break;
      }
      offset += n;
      total += n;
      splitter.feed(chunk, 0, n, out);
    }
    return total;
  }

  private Rotation.Seen stat() throws IOException {
    try {
      BasicFileAttributes a = java.nio.file.Files.readAttributes(path, BasicFileAttributes.class);
      // A FIFO or a device is refused like a directory: opening a FIFO blocks until a writer
      // comes, and a device has no end to start from.
      return new Rotation.Seen(true, !a.isRegularFile(), a.fileKey(), a.size());
    } catch (NoSuchFileException e) {
      return Rotation.Seen.MISSING;
    }
  }

  private void openFile(Rotation.Seen seen) throws IOException {
    closeOpen();
    open = FileChannel.open(path, StandardOpenOption.READ);
    // The key of what was opened, not of what was stat'ed: the path may have moved in between.
    Object key = seen.key();
    try {
      key = java.nio.file.Files.readAttributes(path, BasicFileAttributes.class).fileKey();
    } catch (IOException e) {
      // Keep the stat'ed key; the next round compares again.
    }
    openKey = key;
    offset = 0;
    splitter.reset();
  }

  private void closeOpen() throws IOException {
    if (open != null) {
      FileChannel c = open;
      open = null;
      openKey = null;
      c.close();
    }
  }

  @Override
  public void close() throws IOException {
    closeOpen();
  }
}
