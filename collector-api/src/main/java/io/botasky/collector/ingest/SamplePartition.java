package io.botasky.collector.ingest;

import io.botasky.collector.store.SampleSql;
import io.botasky.collector.store.SqlScript;
import io.botasky.common.db.Dialect;
import io.botasky.common.wire.EventsResponse;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;

/** Writes metric batches: samples of many requests in one multi-row insert, each batch_id once. */
public final class SamplePartition extends BatchWriter<SamplesWork> {
  private final IngestCounters counters;
  private final Clock clock;
  private final Dialect dialect;

  public SamplePartition(
      String name,
      int capacity,
      DataSource ds,
      Dialect dialect,
      DatabaseHealth health,
      Clock clock,
      IngestCounters counters) {
    super(name, "samples", capacity, 20_000, ds, health, counters);
    this.clock = clock;
    this.dialect = dialect;
    this.counters = counters;
  }

  @Override
  protected AfterCommit apply(Connection c, List<SamplesWork> batch, boolean careful)
      throws SQLException {
    Set<String> seen =
        careful
            ? new HashSet<>(
                SampleSql.existingBatches(c, batch.stream().map(SamplesWork::batchId).toList()))
            : new HashSet<>();
    List<SamplesWork> fresh = new ArrayList<>();
    List<SamplesWork> dup = new ArrayList<>();
    List<SampleSql.BatchRow> batches = new ArrayList<>();
    List<SampleSql.SampleRow> samples = new ArrayList<>();
    for (SamplesWork w : batch) {
      if (seen.add(w.batchId())) {
        fresh.add(w);
        batches.add(new SampleSql.BatchRow(w.batchId(), w.host(), w.samples().size()));
        samples.addAll(w.samples());
      } else {
        dup.add(w);
      }
    }
    SqlScript script = new SqlScript(dialect);
    SampleSql.append(script, batches, samples, clock.millis());
    boolean committed = script.commitAtEnd();
    script.run(c);
    AfterCommit after =
        () -> {
          fresh.forEach(w -> w.done().complete(new EventsResponse(w.samples().size(), 0)));
          dup.forEach(w -> w.done().complete(new EventsResponse(0, w.samples().size())));
          counters.samples(samples.size(), dup.size());
        };
    return committed ? after.alreadyCommitted() : after;
  }
}
