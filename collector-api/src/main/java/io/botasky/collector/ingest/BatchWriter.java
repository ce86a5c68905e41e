package io.botasky.collector.ingest;

import io.botasky.collector.store.Refusal;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Timer;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit: one thread drains all work that arrived while the previous transaction ran and
 * commits it in one transaction, then completes each item. Nothing is answered before it is
 * committed. A statement error is retried item by item so one bad request cannot fail its
 * neighbours; an outage fails the whole batch ({@link IngestFailure.Unavailable}) and stores
 * nothing.
 *
 * @param <W> the kind of work this writer takes
 */
public abstract class BatchWriter<W extends BatchWriter.Work> implements Runnable {
  private static final Logger log = LoggerFactory.getLogger("ingest");

  /** A unit of work with its caller's future. */
  public interface Work {
    /** Weight against the per-transaction limit (events or samples it carries). */
    int weight();

    void fail(Throwable t);

    /**
     * The request field a database column holds, for a 400 naming it when the database refuses a
     * value ({@code events[2].summary}); by default the column's own name, which the API shares.
     */
    default String field(String column) {
      return column;
    }
  }

  /** What to do once the transaction committed. */
  protected interface AfterCommit {
    void run();

    /**
     * True when the transaction already committed itself (the commit rode in its last statement).
     */
    default boolean committed() {
      return false;
    }

    /** The same work, marked as already committed. */
    default AfterCommit alreadyCommitted() {
      AfterCommit self = this;
      return new AfterCommit() {
        @Override
        public void run() {
          self.run();
        }

        @Override
        public boolean committed() {
          return true;
        }
      };
    }
  }

  private final String name;
  private final BlockingQueue<W> queue;
  private final DataSource dataSource;
  private final DatabaseHealth health;
  private final int maxWeight;
  private volatile boolean stopping;
  // An outage this writer met: databaseBack() is told before each attempt until one commits.
  // True at first: until this writer's first commit the collector stored nothing — it was not
  // running, or its database was not ready (answering 503) — so silence before it proves nothing
  // (docs/collector.md, "Host down"). The 2-hour soak saw a false host_down storm without it: a
  // collector restarted under load took 38 s to be ready and counted that as the hosts' silence.
  private boolean outageSeen = true;
  private Thread thread;
  private Connection connection;

  private final Timer commitTimer;
  private final DistributionSummary batchSize;

  protected BatchWriter(
      String name,
      String kind,
      int capacity,
      int maxWeight,
      DataSource dataSource,
      DatabaseHealth health,
      IngestCounters counters) {
    this.name = name;
    this.commitTimer = counters.commitTimer(kind);
    this.batchSize = counters.batchSize(kind);
    this.queue = new ArrayBlockingQueue<>(capacity);
    this.maxWeight = maxWeight;
    this.dataSource = dataSource;
    this.health = health;
  }

  /**
   * Applies {@code batch} inside the open transaction; returns what to do after commit. Resends are
   * rare, so a first attempt may skip looking up ids already stored ({@code careful} false) and
   * rely on the unique keys; on a violation the batch is rolled back and applied again carefully.
   */
  protected abstract AfterCommit apply(Connection c, List<W> batch, boolean careful)
      throws SQLException;

  /**
   * Called on the writer's thread before each attempt to commit after it met a database outage,
   * until one succeeds.
   */
  protected void databaseBack() {}

  public void start() {
    thread = new Thread(this, name);
    thread.setDaemon(true);
    thread.start();
  }

  /** Queues work; false when the queue is full (the caller answers {@link IngestFailure.Busy}). */
  public boolean offer(W work) {
    return !stopping && queue.offer(work);
  }

  public int depth() {
    return queue.size();
  }

  /** Stops taking work; the writer goes on committing what is queued. */
  public void beginStop() {
    stopping = true;
  }

  /**
   * Waits until the writer committed what was queued, at most until {@code deadlineNanos} ({@link
   * System#nanoTime()}); work still queued then fails {@link IngestFailure.Unavailable}.
   */
  public void awaitStop(long deadlineNanos) {
    if (thread != null) {
      try {
        thread.join(Math.max(1, (deadlineNanos - System.nanoTime()) / 1_000_000));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    List<W> left = new ArrayList<>();
    queue.drainTo(left);
    left.forEach(w -> w.fail(new IngestFailure.Unavailable("collector is stopping", 5)));
  }

  @Override
  public void run() {
    List<W> batch = new ArrayList<>();
    while (!stopping || !queue.isEmpty()) {
      try {
        W first = queue.poll(100, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        batch.add(first);
        int weight = first.weight();
        W next;
        while (weight < maxWeight && (next = queue.poll()) != null) {
          batch.add(next);
          weight += next.weight();
        }
        process(batch);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (Throwable t) {
        // Never let the writer die: a dead writer would leave every later request hanging.
        log.error(
            "{}: unexpected failure, failing {} queued items and going on", name, batch.size(), t);
        batch.forEach(w -> w.fail(t));
      } finally {
        batch.clear();
      }
    }
    closeConnection();
  }

  private void process(List<W> batch) {
    try {
      commitRetryingConflicts(batch);
    } catch (SQLException e) {
      if (DatabaseHealth.isOutage(e)) {
        outageSeen = true;
        if (health.markDown(e.getMessage())) {
          log.error("{}: database unavailable: {}", name, e.getMessage());
        }
        batch.forEach(w -> w.fail(IngestFailure.databaseUnavailable()));
      } else if (DatabaseHealth.isRetryable(e)) {
        log.warn(
            "{}: lock conflicts persist ({}), asking {} clients to retry",
            name,
            e.getMessage(),
            batch.size());
        batch.forEach(
            w -> w.fail(new IngestFailure.Unavailable("database busy, retry shortly", 1)));
      } else if (batch.size() > 1) {
        log.warn(
            "{}: batch of {} failed ({}), committing items one by one",
            name,
            batch.size(),
            e.getMessage());
        for (W w : batch) {
          process(List.of(w));
        }
      } else {
        W w = batch.get(0);
        Optional<Refusal> refusal = Refusal.of(e);
        if (refusal.isPresent()) {
          String field = refusal.get().column() == null ? null : w.field(refusal.get().column());
          log.warn(
              "{}: the database refused a value of {}: {}",
              name,
              field == null ? "a request" : field,
              e.getMessage());
          w.fail(new IngestFailure.Refused(field, refusal.get().message(field)));
        } else {
          // The driver's text quotes SQL and values: it goes to the log, never into the answer.
          log.error("{}: cannot store a request: {}", name, e.getMessage());
          w.fail(new IngestFailure.Failed("internal error"));
        }
      }
    }
  }

  /** Deadlocks and lock timeouts are transient: the same batch is tried again a few times. */
  private void commitRetryingConflicts(List<W> batch) throws SQLException {
    for (int attempt = 1; ; attempt++) {
      try {
        commit(batch);
        return;
      } catch (SQLException e) {
        if (!DatabaseHealth.isRetryable(e) || attempt == 5) {
          throw e;
        }
        try {
          Thread.sleep(ThreadLocalRandom.current().nextInt(1, 5 << attempt));
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          throw e;
        }
      }
    }
  }

  private void commit(List<W> batch) throws SQLException {
    try {
      commit(batch, false);
    } catch (SQLException e) {
      if (!DatabaseHealth.isDuplicateKey(e)) {
        throw e;
      }
      commit(batch, true);
    }
  }

  private void commit(List<W> batch, boolean careful) throws SQLException {
    long start = System.nanoTime();
    if (outageSeen) {
      // Before the batch is planned: it may be the first to see the database again.
      databaseBack();
    }
    Connection c = connection();
    AfterCommit after;
    try {
      after = apply(c, batch, careful);
      if (!after.committed()) {
        c.commit();
      }
      commitTimer.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
      batchSize.record(batch.stream().mapToInt(Work::weight).sum());
    } catch (SQLException | RuntimeException e) {
      try {
        c.rollback();
      } catch (SQLException rollbackFailure) {
        e.addSuppressed(rollbackFailure);
      }
      if (DatabaseHealth.isOutage(e)) {
        closeConnection();
      }
      throw e;
    }
    if (health.markUp()) {
      log.info("{}: database available again", name);
    }
    outageSeen = false;
    after.run();
  }

  /**
   * The writer's own connection, kept between batches: a pool checkout and the autocommit resets
   * around it would cost round trips on every commit. Replaced after an outage.
   */
  private Connection connection() throws SQLException {
    if (connection == null || connection.isClosed()) {
      Connection c = dataSource.getConnection();
      c.setAutoCommit(false);
      connection = c;
    }
    return connection;
  }

  private void closeConnection() {
    if (connection != null) {
      try {
        connection.close();
      } catch (SQLException e) {
        // the connection is broken already; the pool evicts it
      }
      connection = null;
    }
  }
}
