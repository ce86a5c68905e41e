package io.botasky.agent.spool;

import io.botasky.agent.io.DurableFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code data_dir/rejected/}: what the collector refused as invalid, or what could not be read
 * back, kept for a human to inspect instead of being retried forever or silently deleted. Bounded
 * like a log: past {@code maxFileBytes} a {@code <kind>.jsonl} becomes {@code <kind>.jsonl.1}
 * (replacing the older one), so an agent whose every batch is refused for weeks cannot fill an SD
 * card with them.
 */
final class SetAside {
  private static final Logger log = LoggerFactory.getLogger(Spool.class);

  /** Per kind, and once more in the previous generation. */
  static final long MAX_FILE_BYTES = 8L << 20;

  private final Path dir;
  private final long maxFileBytes;

  SetAside(Path dir) {
    this(dir, MAX_FILE_BYTES);
  }

  SetAside(Path dir, long maxFileBytes) {
    this.dir = dir;
    this.maxFileBytes = maxFileBytes;
  }

  Path dir() {
    return dir;
  }

  /** Appends {@code text} to {@code rejected/<kind>.jsonl}. */
  void append(String kind, String text) throws IOException {
    if (text.isEmpty()) {
      return;
    }
    Files.createDirectories(dir);
    Path file = dir.resolve(kind + ".jsonl");
    if (SpoolFiles.size(file) >= maxFileBytes) {
      Path old = dir.resolve(kind + ".jsonl.1");
      if (Files.exists(old)) {
        log.warn(
            "spool: {} passed {} bytes; deleting the older {} ({} bytes)",
            file.getFileName(),
            maxFileBytes,
            old.getFileName(),
            SpoolFiles.size(old));
      }
      Files.move(file, old, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
    DurableFiles.append(file, text.getBytes(StandardCharsets.UTF_8));
  }

  /** Moves an unreadable file in whole. */
  void move(Path bad) throws IOException {
    Files.createDirectories(dir);
    Files.move(bad, dir.resolve(bad.getFileName()), StandardCopyOption.REPLACE_EXISTING);
  }
}
