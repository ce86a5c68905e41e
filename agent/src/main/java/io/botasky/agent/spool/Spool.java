package io.botasky.agent.spool;

import io.botasky.agent.spool.Pending.Kind;
import io.botasky.agent.wire.Batch;
import io.botasky.agent.wire.WireCodec;
import io.botasky.common.wire.AlertEvent;
import io.botasky.common.wire.LogLine;
import io.botasky.common.wire.Sample;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable queue between the probes and the collector: metric batches in {@code
 * data_dir/current.data} and compressed backups, alert events in {@code events.jsonl} (offered
 * first, never dropped), batches held in memory while the disk refuses writes. The files, limits,
 * recovery after a crash and the order of sending are in docs/agent-spool.md. Delivery is at least
 * once; the ids make the collector store each batch and event once. Thread-safe (one monitor).
 */
public final class Spool implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Spool.class);
  static final String LOCK = "boagent.lock";
  static final String CURRENT = "current.data";
  static final String SENT = "current.sent";
  static final String EVENTS = "events.jsonl";
  static final String REJECTED = "rejected";

  private final SpoolSettings cfg;
  private final Clock clock;
  private final WireCodec json;
  private final Supplier<UUID> ids;
  private final SpoolLock lock;
  private final DataFile data;

  private final List<Sample> buffer = new ArrayList<>();
  private final List<LogLine> logBuffer = new ArrayList<>();
  private int rounds;
  private final EventJournal events;
  private final SetAside setAside;
  private final BackupQueue backups;
  private Pending pending;
  private final HeldBatches memory;
  private long droppedSamples;
  private long droppedBatches;
  private final DiskWrites disk;
  private boolean closed;

  private Spool(
      SpoolSettings cfg, Clock clock, WireCodec json, Supplier<UUID> ids, SpoolLock lock) {
    this.cfg = cfg;
    this.clock = clock;
    this.json = json;
    this.ids = ids;
    this.lock = lock;
    this.data = new DataFile(cfg.dataDir().resolve(CURRENT), cfg.dataDir().resolve(SENT));
    this.setAside = new SetAside(cfg.dataDir().resolve(REJECTED));
    this.events = new EventJournal(cfg.dataDir().resolve(EVENTS), json, setAside);
    this.backups = new BackupQueue(cfg.backupDir(), setAside);
    this.memory = new HeldBatches(cfg.memoryMax());
    this.disk = new DiskWrites(log, cfg.dataDir());
  }

  /**
   * Locks the spool directories and recovers what a previous run left.
   *
   * @throws SpoolLockedException when another agent holds the lock
   */
  public static Spool open(SpoolSettings cfg, Clock clock, WireCodec json, Supplier<UUID> ids)
      throws IOException {
    Files.createDirectories(cfg.dataDir());
    Files.createDirectories(cfg.backupDir());
    Spool s = new Spool(cfg, clock, json, ids, SpoolLock.acquire(cfg.dataDir().resolve(LOCK)));
    try {
      s.recover();
    } catch (IOException | RuntimeException e) {
      s.close();
      throw e;
    }
    return s;
  }

  private void recover() throws IOException {
    List<Path> waiting = backups.recover();
    long unsent = data.recover(setAside);
    int recovered = events.recover();
    if (recovered > 0 || !waiting.isEmpty() || unsent > 0) {
      log.info(
          "spool: recovered {} events, {} backups, {} bytes of unsent data",
          recovered,
          waiting.size(),
          unsent);
    }
  }

  // ---- alerts ----

  /** Stores events durably at once; they are offered before any metric. Never drops one. */
  public void addEvents(List<AlertEvent> add) {
    events.add(add);
  }

  /** Up to {@code max} undelivered events, oldest first. */
  public List<AlertEvent> pendingEvents(int max) {
    return events.pending(max);
  }

  /** Forgets delivered events and rewrites the journal. */
  public void eventsDelivered(List<AlertEvent> done) {
    events.delivered(done);
  }

  /** Events the collector refused as invalid: kept under rejected/ for a human, not retried. */
  public void eventsRejected(List<AlertEvent> bad, String reason) {
    events.rejected(bad, reason);
  }

  // ---- metrics ----

  /**
   * The samples of one probe round; every {@code flush_every} rounds they are written as a batch
   * (returns true then).
   */
  public synchronized boolean addRound(List<Sample> samples) {
    if (closed) {
      // Only a probe stuck past the stop's grace period gets here; say so rather than drop it
      // silently.
      log.warn(
          "spool: a probe round that ended after the stop is not kept ({} samples)",
          samples.size());
      return false;
    }
    buffer.addAll(samples);
    rounds++;
    if (rounds >= cfg.flushEvery()) {
      flush();
      return true;
    }
    return false;
  }

  // ---- log lines ----

  /**
   * Log lines for the collector's log view: they go out in the next batch written (the caller
   * flushes when they should not wait for {@code flush_every} rounds). Already bounded by {@code
   * log_rate}.
   */
  public synchronized void addLogs(List<LogLine> lines) {
    if (closed) {
      // Debug only: a warning here would be forwarded again after the stop.
      log.debug("spool: {} log lines after the stop are not kept", lines.size());
      return;
    }
    logBuffer.addAll(lines);
  }

  /**
   * Writes the buffered samples as one batch now (also on stop), and retries whatever the disk
   * refused before: batches held in memory and events not yet in the journal.
   */
  public synchronized void flush() {
    rounds = 0;
    if (closed) {
      return;
    }
    events.retryWrite();
    if (!buffer.isEmpty() || !logBuffer.isEmpty()) {
      Batch b = new Batch(ids.get().toString(), List.copyOf(buffer), List.copyOf(logBuffer));
      buffer.clear();
      logBuffer.clear();
      memory.add(b);
    }
    if (memory.isEmpty()) {
      return;
    }
    drainMemory();
    if (!memory.isEmpty()) {
      trimMemory();
      return;
    }
    try {
      if (data.size() > cfg.fileMax()) {
        rotate();
      }
      enforceSpoolMax();
    } catch (IOException e) {
      disk.failed("backup", e);
    }
  }

  /** Moves batches held in memory to the data file, oldest first, while the disk takes them. */
  private void drainMemory() {
    if (pending != null && pending.kind() == Kind.MEMORY) {
      // Its answer will be ignored; the batch goes out again from the file, under the same id.
      pending = null;
    }
    try {
      // All or nothing: a failed append leaves the file as it was and the batches in memory.
      data.append(memory.lines(json));
      memory.clear();
      disk.ok();
    } catch (IOException e) {
      disk.failed("data", e);
    }
  }

  /** Past memoryMax the oldest batches in memory go, counted like spool_max drops. */
  private void trimMemory() {
    for (Batch b : memory.trim()) {
      if (pending != null && pending.batch() == b) {
        pending = null;
      }
      droppedBatches++;
      droppedSamples += b.samples().size();
    }
  }

  /** Compresses the undelivered part of the data file into a new backup and empties the file. */
  private void rotate() throws IOException {
    BackupQueue.Stored c = backups.store(data, ids.get().toString(), clock);
    // Only now is the data safe in the backup; a crash before this resends it (same ids, stored
    // once).
    data.emptied();
    if (pending != null && pending.kind() == Kind.CURRENT) {
      pending = null;
    }
    log.info(
        "spool: data file passed {} bytes; {} batches ({} samples) compressed into {}",
        cfg.fileMax(),
        c.lines(),
        c.samples(),
        c.name());
  }

  /** Past spool_max, drops the oldest backups (metric data only) and counts what was lost. */
  private void enforceSpoolMax() throws IOException {
    backups.dropPast(
        cfg.spoolMax(),
        data.size(),
        d -> {
          if (d.wasOpen() && pending != null && pending.kind() == Kind.BACKUP) {
            pending = null;
          }
          droppedSamples += d.samples();
          droppedBatches++;
          log.warn(
              "spool: over spool_max {} bytes: dropped the oldest backup {} ({} samples)",
              cfg.spoolMax(),
              d.path().getFileName(),
              d.samples());
        });
  }

  // ---- sending ----

  /**
   * The oldest undelivered batch: backups oldest first, then the data file, then batches held in
   * memory. The same batch is returned until {@link #delivered} or {@link #rejected} is called.
   */
  public synchronized Optional<Batch> nextBatch() {
    if (closed) {
      return Optional.empty();
    }
    if (pending != null) {
      return Optional.of(pending.batch());
    }
    try {
      String bl;
      while ((bl = backups.nextLine()) != null) {
        Optional<Batch> b = parse(bl);
        if (b.isPresent()) {
          pending = new Pending(b.get(), bl, Kind.BACKUP, null);
          return b;
        }
        setAside.append("metrics", bl + "\n");
      }
      for (DataFile.Line line = data.next(); line != null; line = data.next()) {
        Optional<Batch> b = parse(line.text());
        if (b.isPresent()) {
          pending = new Pending(b.get(), line.text(), Kind.CURRENT, line);
          return b;
        }
        setAside.append("metrics", line.text() + "\n");
        data.accepted(line);
      }
    } catch (IOException e) {
      log.warn("spool: cannot read the spool: {}", e.getMessage());
    }
    if (!memory.isEmpty()) {
      Batch b = memory.first();
      pending = new Pending(b, null, Kind.MEMORY, null);
      return Optional.of(b);
    }
    return Optional.empty();
  }

  /** The collector stored {@code b}: forget it. */
  public synchronized void delivered(Batch b) {
    if (pending == null || pending.batch() != b) {
      return;
    }
    Pending p = pending;
    pending = null;
    try {
      switch (p.kind()) {
        case BACKUP -> {
          // The reader has moved past it; the file goes when its last batch is accepted.
        }
        case CURRENT -> data.accepted(p.line());
        case MEMORY -> memory.removeIfFirst(b);
      }
    } catch (IOException e) {
      disk.failed("data", e);
    }
    if (backlogEmptyLocked()) {
      // The collector has everything again: a past drop is history, no longer a current problem.
      droppedSamples = 0;
      droppedBatches = 0;
    }
  }

  /** The collector refused {@code b} as invalid (4xx): kept under rejected/, not retried. */
  public synchronized void rejected(Batch b, String reason) {
    if (pending == null || pending.batch() != b) {
      return;
    }
    try {
      String text =
          pending.text() != null
              ? pending.text()
              : new String(json.batchLine(b), StandardCharsets.UTF_8);
      setAside.append("metrics", text + "\n");
    } catch (IOException e) {
      log.error("spool: cannot set aside rejected batch {}: {}", b.batchId(), e.getMessage());
    }
    log.error(
        "spool: collector rejected batch {} ({}); set aside in {}",
        b.batchId(),
        reason,
        setAside.dir());
    delivered(b);
  }

  public synchronized SpoolStats stats() {
    long bytes = 0;
    int n = 0;
    try {
      bytes = data.unsent();
      for (Path p : backups.list()) {
        bytes += SpoolFiles.size(p);
        n++;
      }
    } catch (IOException e) {
      // Reported through the write error when it matters.
    }
    String err = disk.error() != null ? disk.error() : events.writeError();
    return new SpoolStats(
        bytes,
        n,
        events.size(),
        droppedSamples,
        droppedBatches,
        !memory.isEmpty(),
        err,
        backlogEmptyLocked());
  }

  private boolean backlogEmptyLocked() {
    try {
      return memory.isEmpty() && backups.idle() && backups.list().isEmpty() && data.unsent() == 0;
    } catch (IOException e) {
      return false;
    }
  }

  /** Flushes the buffer and releases the lock. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    flush();
    closed = true;
    backups.close();
    lock.close();
  }

  // ---- helpers ----

  private Optional<Batch> parse(String line) {
    try {
      return Optional.of(json.readBatch(line));
    } catch (IOException e) {
      log.warn("spool: unreadable batch line set aside: {}", e.getMessage());
      return Optional.empty();
    }
  }
}
