package io.botasky.notifier.store;

import io.botasky.common.alert.AlertRows;
import io.botasky.common.db.SqlParams;
import io.botasky.notifier.policy.AlertFacts;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads the collector's {@code alerts} rows, joined with the notifier's progress per alert. */
public final class AlertReader {
  static final String COLS = AlertRows.columns("a");

  /**
   * Alerts that need a decision: changed since the notifier last looked ({@code updated_at} differs
   * from what it saw), or due for a check ({@code next_check_at} passed). With {@code since} null
   * every alert is considered (at start and in the periodic full sweep); otherwise only those
   * updated at or after {@code since}. {@code scopeSql} limits both to this instance's selectors,
   * so alerts of other teams never fill a batch.
   */
  public List<AlertFacts> needingDecision(
      Connection c, Long since, Instant now, int limit, String scopeSql) throws SQLException {
    Map<Long, AlertFacts> out = new LinkedHashMap<>();
    String changed =
        "SELECT "
            + COLS
            + " FROM alerts a LEFT JOIN notify_alerts s ON s.alert_id = a.id WHERE "
            + scopeSql
            + " AND "
            + (since == null ? "" : "a.updated_at >= ? AND ")
            + "((s.alert_id IS NULL AND a.state <> 'resolved') OR (s.alert_id IS NOT NULL AND"
            + " (s.seen_updated <> a.updated_at OR s.seen_sig <> CONCAT(a.state, '/', a.severity)))"
            + (since == null ? "" : " OR s.alert_id IS NULL")
            + ") ORDER BY a.id LIMIT ?";
    try (PreparedStatement ps = c.prepareStatement(changed)) {
      int i = 1;
      if (since != null) {
        ps.setLong(i++, since);
      }
      ps.setInt(i, limit);
      read(ps, out);
    }
    String due =
        "SELECT "
            + COLS
            + " FROM notify_alerts s JOIN alerts a ON a.id = s.alert_id WHERE s.next_check_at <= ?"
            + " ORDER BY a.id LIMIT ?";
    try (PreparedStatement ps = c.prepareStatement(due)) {
      ps.setLong(1, now.toEpochMilli());
      ps.setInt(2, limit);
      read(ps, out);
    }
    return new ArrayList<>(out.values());
  }

  public Map<Long, AlertFacts> byIds(Connection c, Collection<Long> ids) throws SQLException {
    Map<Long, AlertFacts> out = new LinkedHashMap<>();
    List<Long> list = new ArrayList<>(ids);
    for (int from = 0; from < list.size(); from += 1000) {
      List<Long> part = list.subList(from, Math.min(list.size(), from + 1000));
      try (PreparedStatement ps =
          c.prepareStatement(
              "SELECT "
                  + COLS
                  + " FROM alerts a WHERE a.id IN ("
                  + SqlParams.placeholders(part.size())
                  + ")")) {
        SqlParams.bindLongs(ps, 1, part);
        read(ps, out);
      }
    }
    return out;
  }

  /** The highest {@code updated_at} in the table, or 0. */
  public long maxUpdatedAt(Connection c) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT MAX(updated_at) FROM alerts");
        ResultSet rs = ps.executeQuery()) {
      return rs.next() ? rs.getLong(1) : 0;
    }
  }

  private static void read(PreparedStatement ps, Map<Long, AlertFacts> out) throws SQLException {
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        AlertFacts a = row(rs);
        out.putIfAbsent(a.id(), a);
      }
    }
  }

  static AlertFacts row(ResultSet rs) throws SQLException {
    return AlertFacts.of(AlertRows.read(rs));
  }
}
