package io.botasky.agent.spool;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The lock on {@code data_dir/boagent.lock} (fcntl, released by the kernel when the process dies):
 * a second agent on the same spool refuses to start instead of interleaving writes with the first.
 */
final class SpoolLock implements AutoCloseable {
  private final FileChannel channel;
  private final FileLock lock;

  private SpoolLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * @throws SpoolLockedException when another agent (or another spool in this JVM) holds it
   */
  static SpoolLock acquire(Path file) throws IOException {
    FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    FileLock lk;
    try {
      lk = ch.tryLock();
    } catch (OverlappingFileLockException e) {
      // This JVM holds it already (tests; a second agent in one process).
      lk = null;
    } catch (IOException | RuntimeException e) {
      ch.close();
      throw e;
    }
    if (lk == null) {
      ch.close();
      throw new SpoolLockedException(file.getParent() + " is locked by another boagent");
    }
    return new SpoolLock(ch, lk);
  }

  @Override
  public void close() {
    try {
      lock.release();
      channel.close();
    } catch (IOException e) {
      // The lock goes with the process anyway.
    }
  }
}
