package io.botasky.collector.store;

import io.botasky.common.db.SqlParams;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The SQL of samples and metric_batches. */
public final class SampleSql {
  /** One sample to store. */
  public record SampleRow(String host, String metric, long ts, double value, String labelsJson) {}

  /** One accepted batch. */
  public record BatchRow(String batchId, String host, int samples) {}

  private SampleSql() {}

  public static Set<String> existingBatches(Connection c, Collection<String> batchIds)
      throws SQLException {
    Set<String> found = new HashSet<>();
    if (batchIds.isEmpty()) {
      return found;
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT batch_id FROM metric_batches WHERE batch_id IN ("
                + SqlParams.placeholders(batchIds.size())
                + ")")) {
      int i = 1;
      for (String id : batchIds) {
        ps.setString(i++, id);
      }
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          found.add(rs.getString(1));
        }
      }
    }
    return found;
  }

  /**
   * Adds the inserts of the accepted batch ids and their samples to {@code script}, batch ids
   * first.
   */
  public static void append(
      SqlScript script, List<BatchRow> batches, List<SampleRow> samples, long receivedAt) {
    if (batches.isEmpty()) {
      return;
    }
    // The batch ids first: a resent batch fails there, before its samples are even inserted.
    StringBuilder sql =
        new StringBuilder(
            "INSERT INTO metric_batches (batch_id, host, samples, received_at) VALUES ");
    List<Object> p = new ArrayList<>(batches.size() * 4);
    for (int i = 0; i < batches.size(); i++) {
      BatchRow b = batches.get(i);
      sql.append(i == 0 ? "" : ", ").append("(?, ?, ?, ?)");
      p.add(b.batchId());
      p.add(b.host());
      p.add(b.samples());
      p.add(receivedAt);
    }
    script.add(sql.toString(), p);
    for (int from = 0; from < samples.size(); from += 2000) {
      List<SampleRow> part = samples.subList(from, Math.min(samples.size(), from + 2000));
      StringBuilder ins =
          new StringBuilder("INSERT INTO samples (host, metric, ts, `value`, labels) VALUES ");
      List<Object> q = new ArrayList<>(part.size() * 5);
      for (int i = 0; i < part.size(); i++) {
        SampleRow r = part.get(i);
        ins.append(i == 0 ? "" : ", ").append("(?, ?, ?, ?, ?)");
        q.add(r.host());
        q.add(r.metric());
        q.add(r.ts());
        q.add(r.value());
        q.add(SqlScript.orNull(r.labelsJson()));
      }
      script.add(ins.toString(), q);
    }
  }
}
