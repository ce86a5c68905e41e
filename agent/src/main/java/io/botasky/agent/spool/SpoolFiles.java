package io.botasky.agent.spool;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Small reads of the spool's files: sizes, a tail, a line at an offset (writes: {@link
 * io.botasky.agent.io.DurableFiles}).
 */
final class SpoolFiles {
  private SpoolFiles() {}

  static long size(Path p) {
    try {
      return Files.size(p);
    } catch (IOException e) {
      return 0;
    }
  }

  static String tail(Path f, long from) throws IOException {
    try (RandomAccessFile r = new RandomAccessFile(f.toFile(), "r")) {
      long len = Math.min(r.length() - from, 1 << 20);
      byte[] b = new byte[(int) Math.max(0, len)];
      r.seek(from);
      r.readFully(b);
      return new String(b, StandardCharsets.UTF_8).replace("\0", "") + "\n";
    }
  }

  /**
   * The line starting at {@code pos} without its newline, or null when no complete line starts
   * there.
   */
  static String readLineAt(RandomAccessFile f, long pos) throws IOException {
    if (pos >= f.length()) {
      return null;
    }
    f.seek(pos);
    ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
    byte[] buf = new byte[8192];
    int n;
    while ((n = f.read(buf)) > 0) {
      for (int i = 0; i < n; i++) {
        if (buf[i] == '\n') {
          out.write(buf, 0, i);
          return out.toString(StandardCharsets.UTF_8);
        }
      }
      out.write(buf, 0, n);
    }
    return null;
  }
}
