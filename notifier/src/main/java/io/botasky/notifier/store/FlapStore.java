package io.botasky.notifier.store;

import io.botasky.common.db.OpenKeys;
import io.botasky.common.db.SqlParams;
import io.botasky.common.wire.Fingerprint;
import io.botasky.notifier.policy.AlertFacts;
import io.botasky.notifier.policy.Flapping;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Flap bookkeeping (docs/notifier.md, "Flapping"): the alert spans of the fingerprints of a chunk
 * of alerts, read in one query per 1,000 hosts, and the episodes in {@code notify_flapping}, which
 * boird owns.
 */
public final class FlapStore {

  /** The identity host/resource/instance/check of an alert: the key of its spans and episode. */
  public record Fp(String host, String resource, String instance, String check) {
    public Fp {
      instance = instance == null ? "" : instance;
    }

    /** The SHA-256 the collector stores as the open alert's {@code open_key} (common-db V1). */
    public String key() {
      return OpenKeys.of(host, resource, instance, check);
    }

    @Override
    public String toString() {
      return Fingerprint.of(host, resource, instance, check);
    }
  }

  public static Fp fingerprint(AlertFacts a) {
    return new Fp(a.host(), a.resource(), a.instance(), a.check());
  }

  /**
   * The spans of the fingerprints of {@code alerts} that are open or closed after {@code since}
   * (older ones neither count nor tell the current state), each list including the alert itself.
   * Two indexed reads per chunk, whatever its size: the open alert of each resolved alert's
   * fingerprint by {@code open_key} (a firing alert is its fingerprint's open one), and the alerts
   * of the chunk's hosts resolved after {@code since}. A storm of new alerts reads little: the
   * notifier's hot path (docs/notifier.md, "Benchmark").
   */
  public Map<Fp, List<Flapping.Span>> spans(
      Connection c, Collection<AlertFacts> alerts, Instant since) throws SQLException {
    Map<Fp, List<Flapping.Span>> out = new HashMap<>();
    Map<Fp, Set<Long>> ids = new HashMap<>();
    Set<String> hosts = new LinkedHashSet<>();
    Set<String> openKeys = new LinkedHashSet<>();
    for (AlertFacts a : alerts) {
      Fp fp = fingerprint(a);
      if (ids.computeIfAbsent(fp, k -> new HashSet<>()).add(a.id())) {
        out.computeIfAbsent(fp, k -> new ArrayList<>())
            .add(new Flapping.Span(a.id(), a.firstSeen(), a.resolvedAt()));
      }
      hosts.add(a.host());
      if (a.resolvedAt() != null) {
        openKeys.add(fp.key());
      }
    }
    String cols =
        "SELECT id, host, resource, instance, `check`, first_seen, resolved_at FROM alerts";
    List<String> keys = new ArrayList<>(openKeys);
    for (int from = 0; from < keys.size(); from += 1000) {
      List<String> part = keys.subList(from, Math.min(keys.size(), from + 1000));
      try (PreparedStatement ps =
          c.prepareStatement(
              cols + " WHERE open_key IN (" + SqlParams.placeholders(part.size()) + ")")) {
        int i = 1;
        for (String k : part) {
          ps.setString(i++, k);
        }
        read(ps, ids, out);
      }
    }
    List<String> list = new ArrayList<>(hosts);
    for (int from = 0; from < list.size(); from += 1000) {
      List<String> part = list.subList(from, Math.min(list.size(), from + 1000));
      try (PreparedStatement ps =
          c.prepareStatement(
              cols
                  + " WHERE resolved_at > ? AND host IN ("
                  + SqlParams.placeholders(part.size())
                  + ")")) {
        ps.setLong(1, since.toEpochMilli());
        int i = 2;
        for (String h : part) {
          ps.setString(i++, h);
        }
        read(ps, ids, out);
      }
    }
    return out;
  }

  /** Adds the rows of {@code ps} that belong to a wanted fingerprint and are not there yet. */
  private static void read(
      PreparedStatement ps, Map<Fp, Set<Long>> ids, Map<Fp, List<Flapping.Span>> out)
      throws SQLException {
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        Fp fp = new Fp(rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5));
        Set<Long> seen = ids.get(fp);
        long id = rs.getLong(1);
        if (seen == null || !seen.add(id)) {
          continue;
        }
        Instant opened = Instant.ofEpochMilli(rs.getLong(6));
        long closed = rs.getLong(7);
        out.get(fp)
            .add(new Flapping.Span(id, opened, rs.wasNull() ? null : Instant.ofEpochMilli(closed)));
      }
    }
  }

  /** The episodes of {@code fingerprints} that are flapping, by fingerprint. */
  public Map<Fp, Flapping.State> states(Connection c, Collection<Fp> fingerprints)
      throws SQLException {
    Map<String, Fp> byKey = new HashMap<>();
    fingerprints.forEach(f -> byKey.put(f.key(), f));
    Map<Fp, Flapping.State> out = new HashMap<>();
    List<String> keys = new ArrayList<>(byKey.keySet());
    for (int from = 0; from < keys.size(); from += 1000) {
      List<String> part = keys.subList(from, Math.min(keys.size(), from + 1000));
      try (PreparedStatement ps =
          c.prepareStatement(
              "SELECT fp_key, since, alert_id, notified FROM notify_flapping WHERE fp_key IN ("
                  + SqlParams.placeholders(part.size())
                  + ")")) {
        int i = 1;
        for (String k : part) {
          ps.setString(i++, k);
        }
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.put(
                byKey.get(rs.getString(1)),
                new Flapping.State(
                    Instant.ofEpochMilli(rs.getLong(2)), rs.getLong(3), rs.getInt(4) != 0));
          }
        }
      }
    }
    return out;
  }

  /**
   * Stores a new episode in the caller's transaction. A plain INSERT on purpose: when another boird
   * stored the same episode first, the duplicate key fails the caller's chunk, which is decided
   * again next pass and then finds the episode (so nobody gets two FLAPPING notices).
   */
  public void start(Connection c, AlertFacts a, Flapping.State state, Duration window)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO notify_flapping (fp_key, host, resource, instance, `check`, since,"
                + " alert_id, notified, window_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      ps.setString(1, fingerprint(a).key());
      ps.setString(2, a.host());
      ps.setString(3, a.resource());
      ps.setString(4, a.instance() == null ? "" : a.instance());
      ps.setString(5, a.check());
      ps.setLong(6, state.since().toEpochMilli());
      ps.setLong(7, state.alertId());
      ps.setInt(8, state.notified() ? 1 : 0);
      ps.setLong(9, window.toMillis());
      ps.executeUpdate();
    }
  }

  /**
   * Cancels the FIRING and RESOLVED notifications of {@code alertIds} that have not gone out yet,
   * in the caller's transaction, as an ack cancels its alert's (status failed, with why).
   */
  public void cancelPending(Connection c, List<Long> alertIds) throws SQLException {
    for (int from = 0; from < alertIds.size(); from += 1000) {
      List<Long> part = alertIds.subList(from, Math.min(alertIds.size(), from + 1000));
      try (PreparedStatement ps =
          c.prepareStatement(
              "UPDATE notifications SET status = 'failed', last_error = 'cancelled: flapping"
                  + " (docs/notifier.md)' WHERE status = 'pending' AND kind IN ('step', 'repeat',"
                  + " 'resolved') AND alert_id IN ("
                  + SqlParams.placeholders(part.size())
                  + ")")) {
        SqlParams.bindLongs(ps, 1, part);
        ps.executeUpdate();
      }
    }
  }

  /** Forgets the episode of {@code fingerprint} (stable again), in the caller's transaction. */
  public void end(Connection c, Fp fingerprint) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("DELETE FROM notify_flapping WHERE fp_key = ?")) {
      ps.setString(1, fingerprint.key());
      ps.executeUpdate();
    }
  }

  /** The episode of one fingerprint, or null (for {@code boird explain}). */
  public Flapping.State state(Connection c, Fp fingerprint) throws SQLException {
    return states(c, List.of(fingerprint)).get(fingerprint);
  }
}
