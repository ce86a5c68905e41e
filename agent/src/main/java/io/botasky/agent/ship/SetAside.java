package io.botasky.agent.ship;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * {@code data_dir/rejected/}: what the collector refused as invalid, or what could not be read
 * back, kept for a human to inspect instead of being retried forever or silently deleted.
 */
final class SetAside {
  private final Path dir;

  SetAside(Path dir) {
    this.dir = dir;
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
    Files.writeString(dir.resolve(kind + ".jsonl"), text, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
        StandardOpenOption.APPEND);
  }

  /** Moves an unreadable file in whole. */
  void move(Path bad) throws IOException {
    Files.createDirectories(dir);
    Files.move(bad, dir.resolve(bad.getFileName()), StandardCopyOption.REPLACE_EXISTING);
  }
}
