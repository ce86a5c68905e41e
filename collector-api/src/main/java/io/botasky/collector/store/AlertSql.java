package io.botasky.collector.store;

import io.botasky.common.alert.AlertRow;
import io.botasky.common.alert.AlertRows;
import io.botasky.common.alert.AlertWrites;
import io.botasky.common.alert.ValidEvent;
import io.botasky.common.db.Dialect;
import io.botasky.common.db.SqlParams;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/** The SQL of alerts and alert_events, on a connection the caller owns (and its transaction). */
public final class AlertSql {
  /** The columns an update of an existing alert writes, in the order of {@link #updated}. */
  private static final String[] UPDATED_COLUMNS = {
    "open_key",
    "severity",
    "state",
    "summary",
    "`value`",
    "threshold",
    "details",
    "first_seen",
    "last_seen",
    "occurrences",
    "acked_by",
    "acked_at",
    "ack_comment",
    "resolved_at",
    "updated_at",
    "ack_expires_at",
    "ack_expiries",
    "ack_expired_at"
  };

  /**
   * Rows per multi-row update: each row adds a WHEN to every changed column's CASE, so the server's
   * work per row grows with the chunk; 50 covers a busy batch of single events in one statement.
   */
  static final int UPDATE_CHUNK = 50;

  /** An event to store, with the alert it belongs to (null when it changed none). */
  public record EventRow(ValidEvent event, Long alertId) {}

  private AlertSql() {}

  /** The ids among {@code eventIds} already stored. */
  public static Set<String> existingEventIds(Connection c, Collection<String> eventIds)
      throws SQLException {
    Set<String> found = new HashSet<>();
    if (eventIds.isEmpty()) {
      return found;
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT event_id FROM alert_events WHERE event_id IN ("
                + SqlParams.placeholders(eventIds.size())
                + ")")) {
      int i = 1;
      for (String id : eventIds) {
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

  /** The open alerts with these keys, locked until the transaction ends. */
  public static Map<String, AlertRow> openForUpdate(Connection c, Collection<String> openKeys)
      throws SQLException {
    Map<String, AlertRow> rows = new HashMap<>();
    if (openKeys.isEmpty()) {
      return rows;
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT "
                + AlertRows.COLUMNS
                + " FROM alerts WHERE open_key IN ("
                + SqlParams.placeholders(openKeys.size())
                + ") FOR UPDATE")) {
      int i = 1;
      for (String k : openKeys) {
        ps.setString(i++, k);
      }
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          AlertRow r = AlertRows.read(rs);
          rows.put(r.openKey(), r);
        }
      }
    }
    return rows;
  }

  /**
   * Runs {@code before} (the batch's updates, which free the open_keys of resolved alerts first),
   * inserts the alerts new in this batch (with provisional negative ids) and returns provisional →
   * real id. Open ones go in one multi-row insert and their ids are read back by open_key, in the
   * same round trip as {@code before} where the database takes multi-statements: multi-row inserts
   * only report reliable generated ids where auto-increment values are consecutive, which MySQL 8
   * does not promise. Alerts opened and resolved within one batch (no open_key) are rare and
   * inserted one by one.
   */
  public static Map<Long, Long> insertNew(Connection c, SqlScript before, List<AlertRow> rows)
      throws SQLException {
    Map<Long, Long> ids = new HashMap<>();
    List<AlertRow> open = new ArrayList<>();
    List<AlertRow> closed = new ArrayList<>();
    rows.forEach(r -> (r.openKey() == null ? closed : open).add(r));
    if (open.isEmpty()) {
      before.run(c);
    } else {
      StringBuilder sql = new StringBuilder(AlertWrites.INSERT_INTO);
      List<Object> p = new ArrayList<>(open.size() * 22);
      Map<String, Long> provisionalByKey = new HashMap<>();
      for (int i = 0; i < open.size(); i++) {
        AlertRow r = open.get(i);
        sql.append(i == 0 ? "" : ", ").append(AlertWrites.NEW_VALUES);
        p.addAll(newValues(r));
        provisionalByKey.put(r.openKey(), r.id());
      }
      before.add(sql.toString(), p);
      before.runThenQuery(
          c,
          "SELECT id, open_key FROM alerts WHERE open_key IN ("
              + SqlParams.placeholders(provisionalByKey.size())
              + ")",
          List.copyOf(provisionalByKey.keySet()),
          rs -> {
            while (rs.next()) {
              ids.put(provisionalByKey.get(rs.getString(2)), rs.getLong(1));
            }
          });
    }
    for (AlertRow r : closed) {
      ids.put(r.id(), AlertWrites.insert(c, r));
    }
    return ids;
  }

  /**
   * Every column of {@link AlertWrites#NEW_VALUES} of {@code r}, ready to bind: the updated columns
   * with the fingerprint after the open_key.
   */
  private static List<Object> newValues(AlertRow r) {
    List<Object> p = updated(r);
    p.addAll(1, List.of(r.host(), r.resource(), r.instance(), r.check()));
    return p;
  }

  /**
   * Adds the writes of existing alerts to {@code script}, each written over {@code stored}, the
   * same alerts as this transaction read and locked them (by id). On MySQL/MariaDB a chunk of rows
   * is one {@code UPDATE … SET col = CASE id WHEN … ELSE col END … WHERE id IN (…)} that sets only
   * the columns that changed, and each only in the rows where it changed: a refresh moves four or
   * five of the eighteen, so the statement the driver and the server parse is a quarter of the full
   * one (statement parsing was the largest single part of MariaDB's CPU under single-event load;
   * docs/collector.md, "Sizing and measured throughput"). A row missing from {@code stored} has
   * every column written. An update keeps an alert's open_key or clears it, never moves it to
   * another alert's, so no row of the statement can collide on {@code ux_alerts_open} with a row it
   * has not reached yet. H2 runs its statements one by one anyway and gets one full update per
   * alert.
   */
  public static void appendUpdates(
      SqlScript script, Collection<AlertRow> rows, Map<Long, AlertRow> stored) {
    List<AlertRow> all = List.copyOf(rows);
    if (script.dialect() != Dialect.MYSQL) {
      all.forEach(r -> script.add(AlertWrites.UPDATE, withId(updated(r), r)));
      return;
    }
    for (int from = 0; from < all.size(); from += UPDATE_CHUNK) {
      appendChunk(script, all.subList(from, Math.min(all.size(), from + UPDATE_CHUNK)), stored);
    }
  }

  private static void appendChunk(
      SqlScript script, List<AlertRow> part, Map<Long, AlertRow> stored) {
    List<List<Object>> values = new ArrayList<>(part.size());
    List<List<Object>> before = new ArrayList<>(part.size());
    for (AlertRow r : part) {
      values.add(updated(r));
      AlertRow old = stored.get(r.id());
      before.add(old == null ? null : updated(old));
    }
    StringBuilder sql = new StringBuilder(64 + part.size() * 64);
    List<Object> p = new ArrayList<>();
    boolean[] rowTouched = new boolean[part.size()];
    for (int col = 0; col < UPDATED_COLUMNS.length; col++) {
      int n = 0;
      for (int i = 0; i < part.size(); i++) {
        Object v = values.get(i).get(col);
        if (before.get(i) != null && Objects.equals(before.get(i).get(col), v)) {
          continue;
        }
        if (n++ == 0) {
          sql.append(sql.length() == 0 ? "UPDATE alerts SET " : ", ");
          sql.append(UPDATED_COLUMNS[col]).append(" = CASE id");
        }
        sql.append(" WHEN ? THEN ?");
        p.add(part.get(i).id());
        p.add(v);
        rowTouched[i] = true;
      }
      if (n > 0) {
        sql.append(" ELSE ").append(UPDATED_COLUMNS[col]).append(" END");
      }
    }
    List<Long> touched = new ArrayList<>(part.size());
    for (int i = 0; i < part.size(); i++) {
      if (rowTouched[i]) {
        touched.add(part.get(i).id());
      }
    }
    if (touched.isEmpty()) {
      return;
    }
    sql.append(" WHERE id IN (").append(SqlParams.placeholders(touched.size())).append(')');
    p.addAll(touched);
    script.add(sql.toString(), p);
  }

  /** The values of {@link #UPDATED_COLUMNS} of {@code r}, ready to bind. */
  private static List<Object> updated(AlertRow r) {
    List<Object> p = new ArrayList<>(UPDATED_COLUMNS.length + 5);
    p.add(SqlScript.orNull(r.openKey()));
    p.add(r.severity().wire());
    p.add(r.state().wire());
    p.add(r.summary());
    p.add(SqlScript.orNull(r.value()));
    p.add(SqlScript.orNull(r.threshold()));
    p.add(SqlScript.orNull(r.detailsJson()));
    p.add(r.firstSeen());
    p.add(r.lastSeen());
    p.add(r.occurrences());
    p.add(SqlScript.orNull(r.ackedBy()));
    p.add(SqlScript.orNull(r.ackedAt()));
    p.add(SqlScript.orNull(r.ackComment()));
    p.add(SqlScript.orNull(r.resolvedAt()));
    p.add(r.updatedAt());
    p.add(SqlScript.orNull(r.ackExpiresAt()));
    p.add(r.ackExpiries());
    p.add(SqlScript.orNull(r.ackExpiredAt()));
    return p;
  }

  /** {@code values} followed by the row's id, the parameters of {@link AlertWrites#UPDATE}. */
  private static List<Object> withId(List<Object> values, AlertRow r) {
    values.add(r.id());
    return values;
  }

  /**
   * Adds the insert of {@code events} to {@code script}: multi-row statements of up to 500 rows.
   */
  public static void appendEvents(SqlScript script, List<EventRow> events, long receivedAt) {
    for (int from = 0; from < events.size(); from += 500) {
      List<EventRow> part = events.subList(from, Math.min(events.size(), from + 500));
      StringBuilder sql = new StringBuilder(AlertWrites.EVENT_INSERT);
      List<Object> p = new ArrayList<>(part.size() * 14);
      for (int i = 0; i < part.size(); i++) {
        sql.append(i == 0 ? "" : ", ").append(AlertWrites.EVENT_VALUES);
        ValidEvent e = part.get(i).event();
        p.add(e.eventId());
        p.add(SqlScript.orNull(part.get(i).alertId()));
        p.add(e.host());
        p.add(e.resource());
        p.add(e.instance());
        p.add(e.check());
        p.add(e.state().wire());
        p.add(e.severity().wire());
        p.add(SqlScript.orNull(e.value()));
        p.add(SqlScript.orNull(e.threshold()));
        p.add(e.summary());
        p.add(SqlScript.orNull(e.detailsJson()));
        p.add(e.observedAt());
        p.add(receivedAt);
      }
      script.add(sql.toString(), p);
    }
  }

  /** The open alerts of {@code hosts}. */
  public static List<AlertRow> openOfHosts(Connection c, Collection<String> hosts)
      throws SQLException {
    List<AlertRow> out = new ArrayList<>();
    if (hosts.isEmpty()) {
      return out;
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT "
                + AlertRows.COLUMNS
                + " FROM alerts WHERE open_key IS NOT NULL AND host IN ("
                + SqlParams.placeholders(hosts.size())
                + ")")) {
      int i = 1;
      for (String h : hosts) {
        ps.setString(i++, h);
      }
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(AlertRows.read(rs));
        }
      }
    }
    return out;
  }

  /** Hosts that have an open alert of {@code resource/check}, e.g. every host currently down. */
  public static List<AlertRow> open(Connection c, String resource, String check)
      throws SQLException {
    List<AlertRow> out = new ArrayList<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT "
                + AlertRows.COLUMNS
                + " FROM alerts WHERE open_key IS NOT NULL AND resource = ? AND `check` = ?")) {
      ps.setString(1, resource);
      ps.setString(2, check);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(AlertRows.read(rs));
        }
      }
    }
    return out;
  }
}
