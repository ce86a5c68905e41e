package io.botasky.collector.store;

import io.botasky.common.db.SqlParams;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * Reads of stored samples for sparklines: one host, some metrics, since a time, averaged per
 * bucket.
 */
public final class SampleQueries {
  /** One series (a metric and one label set), points as {@code [ts, value]} at bucket starts. */
  public record Series(String metric, String labelsJson, List<double[]> points) {}

  private final DataSource ds;

  public SampleQueries(DataSource ds) {
    this.ds = ds;
  }

  /** Uses the (host, metric, ts) index; averages into buckets of {@code bucketMs}. */
  public List<Series> series(String host, List<String> metrics, long since, long bucketMs)
      throws SQLException {
    Map<String, Map<Long, double[]>> acc = new LinkedHashMap<>();
    try (Connection c = ds.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT metric, labels, ts, `value` FROM samples WHERE host = ? AND metric IN ("
                    + SqlParams.placeholders(metrics.size())
                    + ") AND ts >= ? ORDER BY metric, ts")) {
      int i = 1;
      ps.setString(i++, host);
      for (String m : metrics) {
        ps.setString(i++, m);
      }
      ps.setLong(i, since);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          String key = rs.getString(1) + "\0" + (rs.getString(2) == null ? "" : rs.getString(2));
          long bucket = rs.getLong(3) / bucketMs * bucketMs;
          double[] sumCount =
              acc.computeIfAbsent(key, k -> new java.util.TreeMap<>())
                  .computeIfAbsent(bucket, b -> new double[2]);
          sumCount[0] += rs.getDouble(4);
          sumCount[1]++;
        }
      }
    }
    List<Series> out = new ArrayList<>();
    acc.forEach(
        (key, buckets) -> {
          int cut = key.indexOf('\0');
          List<double[]> points = new ArrayList<>(buckets.size());
          buckets.forEach(
              (ts, sc) -> points.add(new double[] {ts, Math.round(sc[0] / sc[1] * 10) / 10.0}));
          String labels = key.substring(cut + 1);
          out.add(new Series(key.substring(0, cut), labels.isEmpty() ? null : labels, points));
        });
    return out;
  }
}
