package io.botasky.notifier.store;

import io.botasky.common.db.SqlParams;
import io.botasky.notifier.channel.HeldBack;
import io.botasky.notifier.policy.AlertFacts;
import io.botasky.notifier.policy.Suppression;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The notifier's record of alerts held back by a parent (docs/notifier.md, "Dependencies"), in
 * {@code notify_alerts}: written by the planner with its decisions, read by the delivery (the
 * parent's mail lists its children) and by {@code boird explain}.
 */
public final class Suppressions {
  /** The last time an alert was held back; {@code until} null while it still is. */
  public record Episode(long parentId, String rule, Instant since, Instant until) {}

  private static final String OPEN_CHILDREN =
      " FROM notify_alerts s JOIN alerts a ON a.id = s.alert_id WHERE s.suppressed_until IS NULL"
          + " AND a.state <> 'resolved' AND s.suppressed_by ";

  /**
   * Records one chunk's decisions, after {@link PlanStore#seen} made the rows: {@code held} are
   * held back now (a new episode unless the same parent already held them), {@code free} are not
   * (an open episode ends now). Ids are written in order, like the plan rows, so two instances lock
   * rows in the same order.
   *
   * @return the ids of {@code held} that start a new episode now
   */
  public List<Long> record(
      Connection c, Map<Long, Suppression> held, Collection<Long> free, Instant now)
      throws SQLException {
    long t = now.toEpochMilli();
    List<Long> started = new ArrayList<>();
    if (!held.isEmpty()) {
      try (PreparedStatement ps =
          c.prepareStatement(
              "UPDATE notify_alerts SET suppressed_by = ?, suppressed_rule = ?, suppressed_since ="
                  + " ?, suppressed_until = NULL WHERE alert_id = ? AND (suppressed_by IS NULL OR"
                  + " suppressed_by <> ? OR suppressed_until IS NOT NULL)")) {
        List<Long> order = new ArrayList<>();
        for (Map.Entry<Long, Suppression> e : new TreeMap<>(held).entrySet()) {
          order.add(e.getKey());
          Suppression s = e.getValue();
          ps.setLong(1, s.parentId());
          ps.setString(2, s.rule().length() > 255 ? s.rule().substring(0, 255) : s.rule());
          ps.setLong(3, t);
          ps.setLong(4, e.getKey());
          ps.setLong(5, s.parentId());
          ps.addBatch();
        }
        int[] counts = ps.executeBatch();
        for (int i = 0; i < counts.length && i < order.size(); i++) {
          if (counts[i] > 0) {
            started.add(order.get(i));
          }
        }
      }
    }
    List<Long> ids = new ArrayList<>(new java.util.TreeSet<>(free));
    for (int from = 0; from < ids.size(); from += 1000) {
      List<Long> part = ids.subList(from, Math.min(ids.size(), from + 1000));
      try (PreparedStatement ps =
          c.prepareStatement(
              "UPDATE notify_alerts SET suppressed_until = ? WHERE alert_id IN ("
                  + SqlParams.placeholders(part.size())
                  + ") AND suppressed_by IS NOT NULL AND suppressed_until IS NULL")) {
        ps.setLong(1, t);
        SqlParams.bindLongs(ps, 2, part);
        ps.executeUpdate();
      }
    }
    return started;
  }

  /**
   * A parent ended: its children are looked at in the next pass instead of at their next recheck,
   * so those still firing are notified at once.
   */
  public int wakeChildren(Connection c, Collection<Long> parents, Instant now) throws SQLException {
    if (parents.isEmpty()) {
      return 0;
    }
    List<Long> ids = new ArrayList<>(parents);
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE notify_alerts SET next_check_at = ? WHERE suppressed_by IN ("
                + SqlParams.placeholders(ids.size())
                + ") AND suppressed_until IS NULL")) {
      ps.setLong(1, now.toEpochMilli());
      SqlParams.bindLongs(ps, 2, ids);
      return ps.executeUpdate();
    }
  }

  /**
   * For each of {@code parents} that holds alerts back now, the first {@code cap} of them by id and
   * their number: one query for every parent holding children back now (few, and read from an index
   * of open episodes), then one per parent of the message that does. Asking with the message's ids
   * instead (up to 10,000) made the database scan every row (docs/notifier.md, "Benchmark").
   */
  public Map<Long, HeldBack> heldBack(Connection c, Collection<Long> parents, int cap)
      throws SQLException {
    Map<Long, Integer> counts = new TreeMap<>();
    Set<Long> wanted = new HashSet<>(parents);
    try (PreparedStatement ps =
            c.prepareStatement(
                "SELECT s.suppressed_by, COUNT(*)"
                    + OPEN_CHILDREN
                    + "IS NOT NULL GROUP BY s.suppressed_by");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        if (wanted.contains(rs.getLong(1))) {
          counts.put(rs.getLong(1), rs.getInt(2));
        }
      }
    }
    Map<Long, HeldBack> out = new LinkedHashMap<>();
    for (Map.Entry<Long, Integer> e : counts.entrySet()) {
      List<AlertFacts> shown = new ArrayList<>();
      try (PreparedStatement ps =
          c.prepareStatement(
              "SELECT " + AlertReader.COLS + OPEN_CHILDREN + "= ? ORDER BY a.id LIMIT ?")) {
        ps.setLong(1, e.getKey());
        ps.setInt(2, cap);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            shown.add(AlertReader.row(rs));
          }
        }
      }
      out.put(e.getKey(), new HeldBack(shown, e.getValue()));
    }
    return out;
  }

  /** The alert's last episode, or null when it was never held back. */
  public Episode last(Connection c, long alertId) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT suppressed_by, suppressed_rule, suppressed_since, suppressed_until FROM"
                + " notify_alerts WHERE alert_id = ? AND suppressed_by IS NOT NULL")) {
      ps.setLong(1, alertId);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return null;
        }
        long until = rs.getLong(4);
        boolean open = rs.wasNull();
        return new Episode(
            rs.getLong(1),
            rs.getString(2),
            Instant.ofEpochMilli(rs.getLong(3)),
            open ? null : Instant.ofEpochMilli(until));
      }
    }
  }
}
