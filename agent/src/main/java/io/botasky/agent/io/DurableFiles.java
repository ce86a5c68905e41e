package io.botasky.agent.io;

import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Writes of the agent's own state (spool, event journal, firing alerts) through {@code java.io}
 * streams instead of NIO channels. The agent stops by interrupting its probe and delivery threads,
 * and an interrupt closes an NIO channel in the middle of a write ({@code
 * ClosedByInterruptException}): a round handed to the spool at that moment stayed in memory and was
 * lost at exit. A stream's file descriptor ignores interrupts.
 */
public final class DurableFiles {
  private DurableFiles() {}

  /**
   * Appends {@code bytes} and forces them to disk. When the write fails half-way (a full disk) the
   * file is cut back to its old length, so the next append does not follow a torn line.
   */
  public static void append(Path file, byte[] bytes) throws IOException {
    long before = Files.exists(file) ? Files.size(file) : 0;
    try (FileOutputStream out = new FileOutputStream(file.toFile(), true)) {
      try {
        out.write(bytes);
        out.getFD().sync();
      } catch (IOException e) {
        try {
          truncate(file, before, false);
        } catch (IOException | RuntimeException cut) {
          e.addSuppressed(cut);
        }
        throw e;
      }
    }
  }

  /** Cuts {@code file} (which must exist) to {@code length}; forced when {@code sync}. */
  public static void truncate(Path file, long length, boolean sync) throws IOException {
    if (!Files.exists(file)) {
      throw new java.nio.file.NoSuchFileException(file.toString());
    }
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      f.setLength(length);
      if (sync) {
        f.getFD().sync();
      }
    }
  }

  /**
   * Replaces {@code target} with {@code bytes}: written to a sibling {@code .tmp} (forced when
   * {@code sync}) and renamed into place, so a crash leaves either the old or the new content.
   */
  public static void replace(Path target, byte[] bytes, boolean sync) throws IOException {
    Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
    try (FileOutputStream out = new FileOutputStream(tmp.toFile())) {
      out.write(bytes);
      if (sync) {
        out.getFD().sync();
      }
    }
    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  /**
   * A new file for writing; fails when it exists. The caller forces it with {@code getFD().sync()}.
   */
  public static FileOutputStream create(Path file) throws IOException {
    Files.createFile(file);
    return new FileOutputStream(file.toFile());
  }

  public static InputStream read(Path file) throws IOException {
    return new FileInputStream(file.toFile());
  }

  /**
   * Forces a directory's entries (a rename) to disk. Only a channel can open a directory, so the
   * caller's interrupt is set aside for the call and restored; a filesystem that refuses costs
   * nothing but this extra safety.
   */
  public static void forceDir(Path dir) {
    boolean interrupted = Thread.interrupted();
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException e) {
      // Not every filesystem lets a directory be opened; the rename is still atomic.
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
