package io.botasky.agent.spool;

import io.botasky.agent.io.DurableFiles;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The compressed backups waiting in {@code backup_dir}, read oldest first one batch line at a time
 * (a 30 MB file is never held in memory). A backup is deleted only when its last line has been
 * accepted, that is when the line after it is asked for. Not thread-safe: the spool's monitor
 * guards it.
 */
final class BackupQueue implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(BackupQueue.class);
  private final Path dir;
  private final SetAside setAside;
  private Path openPath;
  private BufferedReader open;

  BackupQueue(Path dir, SetAside setAside) {
    this.dir = dir;
    this.setAside = setAside;
  }

  /** The backups, oldest first (their names sort by time). */
  List<Path> list() throws IOException {
    List<Path> out = new ArrayList<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
      for (Path p : ds) {
        if (BackupNames.isBackup(p.getFileName().toString())) {
          out.add(p);
        }
      }
    }
    out.sort((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()));
    return out;
  }

  /**
   * The next batch line, oldest backup first, or null when there is none. Call it again only once
   * the previous line was accepted: reaching the end of a backup deletes it. An unreadable backup
   * is moved to rejected/ and skipped.
   */
  String nextLine() throws IOException {
    while (true) {
      if (open == null) {
        List<Path> all = list();
        if (all.isEmpty()) {
          return null;
        }
        try {
          open = new BufferedReader(new InputStreamReader(new GZIPInputStream(DurableFiles.read(all.get(0)), 8192),
              StandardCharsets.UTF_8));
          openPath = all.get(0);
        } catch (IOException e) {
          quarantine(all.get(0), e);
          continue;
        }
      }
      String line;
      try {
        line = open.readLine();
      } catch (IOException e) {
        Path bad = openPath;
        closeOpen();
        quarantine(bad, e);
        continue;
      }
      if (line != null) {
        return line;
      }
      Path done = openPath;
      closeOpen();
      Files.deleteIfExists(done);
      log.info("spool: backup {} delivered and deleted", done.getFileName());
    }
  }

  /** Deletes {@code p} (past spool_max); true when it was the backup being read. */
  boolean drop(Path p) throws IOException {
    boolean wasOpen = p.equals(openPath);
    if (wasOpen) {
      closeOpen();
    }
    Files.deleteIfExists(p);
    return wasOpen;
  }

  /** No backup is being read. */
  boolean idle() {
    return open == null;
  }

  private void quarantine(Path bad, IOException e) throws IOException {
    setAside.move(bad);
    log.error("spool: backup {} is unreadable ({}); moved to {}", bad.getFileName(), e.getMessage(), setAside.dir());
  }

  private void closeOpen() {
    try {
      if (open != null) {
        open.close();
      }
    } catch (IOException e) {
      // A reader holds nothing to lose.
    }
    open = null;
    openPath = null;
  }

  @Override
  public void close() {
    closeOpen();
  }
}
