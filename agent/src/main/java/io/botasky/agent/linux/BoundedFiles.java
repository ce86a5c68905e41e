package io.botasky.agent.linux;

import java.io.ByteArrayOutputStream;
import java.io.FileInputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Reads pseudo files. Many files in /proc and /sys report a size of 0 or 4096 whatever they hold
 * (node_exporter's procfs notes the same), so we never trust {@code size()}: we stream up to a cap.
 *
 * <p>Through {@link FileInputStream}, not {@code Files.newInputStream}: the agent reads some
 * hundred of these files a minute (every process's stat in the runaway scan), and the NIO channel's
 * open-option parsing, interruptible begin/end and copy through a temporary direct buffer cost
 * several times the read itself in code that stays interpreted (docs/agent.md, "Footprint").
 */
final class BoundedFiles {
  /** Large enough for /proc/mounts on a busy host, small enough that a runaway file cannot hurt. */
  static final int DEFAULT_CAP = 1 << 20;

  private BoundedFiles() {}

  static byte[] readBytes(Path file, int cap) throws IOException {
    try (FileInputStream in = open(file)) {
      byte[] buf = new byte[Math.min(cap, 4096)];
      int n = fill(in, buf);
      if (n < buf.length || n == cap) {
        return n == buf.length ? buf : Arrays.copyOf(buf, n);
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream(2 * buf.length);
      out.write(buf, 0, n);
      while (out.size() < cap
          && (n = in.read(buf, 0, Math.min(buf.length, cap - out.size()))) > 0) {
        out.write(buf, 0, n);
      }
      return out.toByteArray();
    }
  }

  static String read(Path file) throws IOException {
    return new String(readBytes(file, DEFAULT_CAP), StandardCharsets.UTF_8);
  }

  static String read(Path file, int cap) throws IOException {
    return new String(readBytes(file, cap), StandardCharsets.UTF_8);
  }

  /** Reads until {@code buf} is full or the end: a pseudo file may come in several reads. */
  private static int fill(FileInputStream in, byte[] buf) throws IOException {
    int off = 0;
    int n;
    while (off < buf.length && (n = in.read(buf, off, buf.length - off)) > 0) {
      off += n;
    }
    return off;
  }

  /**
   * Opens {@code file}, failing with the NIO exception the callers and {@code ProbeException} tell
   * apart ({@link NoSuchFileException} for a process that exited or a sensor that is absent, {@code
   * AccessDeniedException} for a file the agent's user may not read): java.io words every failure
   * alike, so on that rare path NIO's open is asked why.
   */
  private static FileInputStream open(Path file) throws IOException {
    try {
      return new FileInputStream(file.toFile());
    } catch (FileNotFoundException e) {
      Files.newByteChannel(file).close();
      // NIO could open it (a directory, or a file that appeared meanwhile): the first failure.
      throw e;
    }
  }
}
