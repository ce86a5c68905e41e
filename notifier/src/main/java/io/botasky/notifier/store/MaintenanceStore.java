package io.botasky.notifier.store;

import io.botasky.common.time.WindowSchedule;
import io.botasky.common.wire.MatchTerm;
import io.botasky.notifier.policy.Condition;
import io.botasky.notifier.policy.MaintenanceWindow;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Maintenance windows in the database (docs/notifier.md, "Maintenance windows"): reads the
 * collector's {@code maintenance} table (the API's windows) and writes boird's own {@code
 * maintenance_file} (the escalation file's, for the collector to list).
 */
public final class MaintenanceStore {
  private static final Logger log = LoggerFactory.getLogger("plan");

  // API rows never change once written (DELETE sets deleted_at), so each is parsed once.
  private final Map<Long, MaintenanceWindow> parsed = new HashMap<>();

  /** The API's windows that are not deleted and, for one-offs, not over. */
  public List<MaintenanceWindow> fromApi(Connection c, Instant now) throws SQLException {
    List<MaintenanceWindow> out = new ArrayList<>();
    Map<Long, MaintenanceWindow> seen = new HashMap<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT id, name, match_terms, every, timezone, starts_at, ends_at, comment"
                + " FROM maintenance WHERE deleted_at IS NULL"
                + " AND (every IS NOT NULL OR ends_at > ?)")) {
      ps.setLong(1, now.toEpochMilli());
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          long id = rs.getLong(1);
          MaintenanceWindow w = parsed.get(id);
          if (w == null) {
            w = row(rs, id);
          }
          if (w != null) {
            seen.put(id, w);
            out.add(w);
          }
        }
      }
    }
    parsed.keySet().retainAll(seen.keySet());
    parsed.putAll(seen);
    return out;
  }

  private static MaintenanceWindow row(ResultSet rs, long id) throws SQLException {
    try {
      List<Condition> match =
          MatchTerm.parseList(rs.getString(3)).stream()
              .map(t -> new Condition(t.field(), t.op(), t.values()))
              .toList();
      String every = rs.getString(4);
      long starts = rs.getLong(6);
      long ends = rs.getLong(7);
      return new MaintenanceWindow(
          rs.getString(2),
          "api #" + id,
          match,
          every == null ? null : WindowSchedule.parse(every, WindowSchedule.zone(rs.getString(5))),
          every == null ? Instant.ofEpochMilli(starts) : null,
          every == null ? Instant.ofEpochMilli(ends) : null,
          rs.getString(8));
    } catch (IllegalArgumentException e) {
      // The API validated it; a row written by hand (or by a newer collector) is skipped, loudly.
      log.warn("maintenance: window #{} ignored: {}", id, e.getMessage());
      return null;
    }
  }

  /** Replaces {@code maintenance_file} with {@code windows}, in one transaction. */
  public void publish(Connection c, List<MaintenanceWindow> windows, String by, Instant now)
      throws SQLException {
    boolean auto = c.getAutoCommit();
    c.setAutoCommit(false);
    try {
      try (PreparedStatement del = c.prepareStatement("DELETE FROM maintenance_file")) {
        del.executeUpdate();
      }
      try (PreparedStatement ps =
          c.prepareStatement(
              "INSERT INTO maintenance_file (name, match_terms, every, timezone, comment, origin,"
                  + " published_by, published_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
        for (MaintenanceWindow w : windows) {
          ps.setString(1, w.name());
          ps.setString(2, matchText(w.match()));
          ps.setString(3, w.every().text());
          ps.setString(4, w.every().zone().getId());
          ps.setString(5, w.comment());
          ps.setString(6, w.origin());
          ps.setString(7, by);
          ps.setLong(8, now.toEpochMilli());
          ps.addBatch();
        }
        ps.executeBatch();
      }
      c.commit();
    } catch (SQLException e) {
      c.rollback();
      throw e;
    } finally {
      c.setAutoCommit(auto);
    }
  }

  /** The terms as the file would spell them. */
  public static String matchText(List<Condition> match) {
    return match.stream()
        .map(t -> t.field() + t.op() + String.join("|", t.values()))
        .collect(Collectors.joining(", "));
  }
}
