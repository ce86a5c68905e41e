package io.botasky.agent.spool;

import io.botasky.agent.io.DurableFiles;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The compressed backups waiting in {@code backup_dir}: made from the data file past {@code
 * file_max}, read oldest first one batch line at a time (a 30 MB file is never held in memory),
 * dropped oldest first past {@code spool_max}. A backup is deleted only when its last line has been
 * accepted, that is when the line after it is asked for. Not thread-safe: the spool's monitor
 * guards it; the spool logs what it does.
 */
final class BackupQueue implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(BackupQueue.class);
  private final Path dir;
  private final SetAside setAside;
  private Path openPath;
  private BufferedReader open;
  private String lastName;

  /** A new backup: its name and what went into it. */
  record Stored(String name, long lines, long samples) {}

  /**
   * A backup dropped past spool_max: the samples it held, and whether it was the one being read.
   */
  record Dropped(Path path, long samples, boolean wasOpen) {}

  BackupQueue(Path dir, SetAside setAside) {
    this.dir = dir;
    this.setAside = setAside;
  }

  /**
   * Deletes what a compression cut short left (its data is still in the data file) and notes the
   * newest backup's name, after which new ones must sort. Returns the backups waiting, oldest
   * first.
   */
  List<Path> recover() throws IOException {
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*.tmp")) {
      for (Path p : ds) {
        // A compression cut short; the data is still in the data file.
        Files.deleteIfExists(p);
      }
    }
    List<Path> waiting = list();
    lastName = waiting.isEmpty() ? null : waiting.get(waiting.size() - 1).getFileName().toString();
    return waiting;
  }

  /**
   * Compresses the undelivered part of {@code data} into a new backup (through {@code
   * incoming-<tmpId>.tmp}, renamed into place and forced) named after the time of {@code clock}.
   * The caller empties the data file afterwards: until then a crash resends the data (same ids,
   * stored once).
   */
  Stored store(DataFile data, String tmpId, Clock clock) throws IOException {
    Path tmp = dir.resolve("incoming-" + tmpId + ".tmp");
    DataFile.Compressed c = data.compressUnsent(tmp);
    String name = BackupNames.next(clock.instant(), lastName, c.samples());
    Files.move(tmp, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE);
    DurableFiles.forceDir(dir);
    lastName = name;
    return new Stored(name, c.lines(), c.samples());
  }

  /**
   * Drops the oldest backups while they and {@code dataBytes} (the data file) pass {@code max},
   * telling {@code dropped} about each one as soon as it is gone.
   */
  void dropPast(long max, long dataBytes, Consumer<Dropped> dropped) throws IOException {
    List<Path> list = list();
    long total = dataBytes;
    for (Path p : list) {
      total += SpoolFiles.size(p);
    }
    int i = 0;
    while (total > max && i < list.size()) {
      Path oldest = list.get(i++);
      long sz = SpoolFiles.size(oldest);
      boolean wasOpen = drop(oldest);
      total -= sz;
      dropped.accept(
          new Dropped(
              oldest, BackupNames.samples(oldest.getFileName().toString()).orElse(0L), wasOpen));
    }
  }

  /** The backups, oldest first (their names sort by time). */
  List<Path> list() throws IOException {
    // File.list: one native call. This runs on every delivery round, mostly to learn there is no
    // backup, in code that stays interpreted (docs/agent.md, "Footprint").
    String[] names = dir.toFile().list();
    if (names == null) {
      throw new IOException(dir + ": cannot list the spool's backups");
    }
    List<String> backups = new ArrayList<>();
    for (String n : names) {
      if (BackupNames.isBackup(n)) {
        backups.add(n);
      }
    }
    if (backups.isEmpty()) {
      return List.of();
    }
    Collections.sort(backups);
    List<Path> out = new ArrayList<>(backups.size());
    for (String n : backups) {
      out.add(dir.resolve(n));
    }
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
          open =
              new BufferedReader(
                  new InputStreamReader(
                      new GZIPInputStream(DurableFiles.read(all.get(0)), 8192),
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
    log.error(
        "spool: backup {} is unreadable ({}); moved to {}",
        bad.getFileName(),
        e.getMessage(),
        setAside.dir());
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
