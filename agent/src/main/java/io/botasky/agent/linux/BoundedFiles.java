package io.botasky.agent.linux;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads pseudo files. Many files in /proc and /sys report a size of 0 or 4096 whatever they hold
 * (node_exporter's procfs notes the same), so we never trust {@code size()}: we stream up to a cap.
 */
final class BoundedFiles {
  /** Large enough for /proc/mounts on a busy host, small enough that a runaway file cannot hurt. */
  static final int DEFAULT_CAP = 1 << 20;

  private BoundedFiles() {}

  static byte[] readBytes(Path file, int cap) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      ByteArrayOutputStream out = new ByteArrayOutputStream(512);
      byte[] buf = new byte[4096];
      int n;
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
}
