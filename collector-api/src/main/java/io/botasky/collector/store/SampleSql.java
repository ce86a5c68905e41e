package io.botasky.collector.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
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

  public static Set<String> existingBatches(Connection c, Collection<String> batchIds) throws SQLException {
    Set<String> found = new HashSet<>();
    if (batchIds.isEmpty()) {
      return found;
    }
    try (PreparedStatement ps =
        c.prepareStatement("SELECT batch_id FROM metric_batches WHERE batch_id IN (" + Sql.placeholders(batchIds.size()) + ")")) {
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

  public static void insertBatches(Connection c, List<BatchRow> batches, long receivedAt) throws SQLException {
    if (batches.isEmpty()) {
      return;
    }
    try (PreparedStatement ps =
        c.prepareStatement("INSERT INTO metric_batches (batch_id, host, samples, received_at) VALUES (?, ?, ?, ?)")) {
      for (BatchRow b : batches) {
        ps.setString(1, b.batchId());
        ps.setString(2, b.host());
        ps.setInt(3, b.samples());
        ps.setLong(4, receivedAt);
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  public static void insertSamples(Connection c, List<SampleRow> samples) throws SQLException {
    if (samples.isEmpty()) {
      return;
    }
    try (PreparedStatement ps =
        c.prepareStatement("INSERT INTO samples (host, metric, ts, `value`, labels) VALUES (?, ?, ?, ?, ?)")) {
      for (SampleRow s : samples) {
        ps.setString(1, s.host());
        ps.setString(2, s.metric());
        ps.setLong(3, s.ts());
        ps.setDouble(4, s.value());
        ps.setString(5, s.labelsJson());
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }
}
