package io.botasky.collector.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** The SQL of the hosts table. */
public final class HostSql {
  /**
   * One row of hosts. {@code servicesHash} and {@code checks} (docs/collector.md, "Service
   * inventory") are null when the heartbeat leaves the host's inventory as it is.
   */
  public record HostRow(
      String host,
      long firstSeen,
      long lastSeen,
      String agentVersion,
      String address,
      String sysinfoJson,
      String servicesHash,
      String checks,
      String vips) {
    public HostRow(
        String host,
        long firstSeen,
        long lastSeen,
        String agentVersion,
        String address,
        String sysinfoJson,
        String servicesHash,
        String checks) {
      this(
          host,
          firstSeen,
          lastSeen,
          agentVersion,
          address,
          sysinfoJson,
          servicesHash,
          checks,
          null);
    }

    public HostRow(
        String host,
        long firstSeen,
        long lastSeen,
        String agentVersion,
        String address,
        String sysinfoJson) {
      this(host, firstSeen, lastSeen, agentVersion, address, sysinfoJson, null, null, null);
    }

    /** This row carrying the host's inventory hash and latest checks. */
    public HostRow withInventory(String hash, String checksCsv) {
      return new HostRow(
          host, firstSeen, lastSeen, agentVersion, address, sysinfoJson, hash, checksCsv, vips);
    }

    /** This row carrying the VIPs the host's keepalived holds (null or empty: none). */
    public HostRow withVips(Set<String> held) {
      String csv = held == null || held.isEmpty() ? null : String.join(",", new TreeSet<>(held));
      return new HostRow(
          host, firstSeen, lastSeen, agentVersion, address, sysinfoJson, servicesHash, checks, csv);
    }
  }

  /** When a host was last heard of and the VIPs it then held, as the host watch reads them. */
  public record Seen(String host, long lastSeen, Set<String> vipsHeld) {}

  /** Every host row's last heartbeat and VIPs (the leader's host watch, each second). */
  public static List<Seen> seen(Connection c) throws SQLException {
    List<Seen> out = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement("SELECT host, last_seen, vips FROM hosts");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        String vips = rs.getString(3);
        out.add(
            new Seen(
                rs.getString(1),
                rs.getLong(2),
                vips == null || vips.isEmpty() ? Set.of() : Set.of(vips.split(","))));
      }
    }
    return out;
  }

  /**
   * The last heartbeat of each of {@code hosts} that has a row, locking those rows until the
   * transaction ends (a heartbeat of one of them waits for it).
   */
  public static Map<String, Long> lockLastSeen(Connection c, Collection<String> hosts)
      throws SQLException {
    Map<String, Long> out = new HashMap<>();
    if (hosts.isEmpty()) {
      return out;
    }
    String marks = String.join(", ", java.util.Collections.nCopies(hosts.size(), "?"));
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT host, last_seen FROM hosts WHERE host IN (" + marks + ") FOR UPDATE")) {
      int i = 1;
      for (String h : hosts) {
        ps.setString(i++, h);
      }
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.put(rs.getString(1), rs.getLong(2));
        }
      }
    }
    return out;
  }

  private HostSql() {}

  /** Adds the heartbeats to {@code script}: each host inserted or refreshed, in one statement. */
  public static void appendUpsert(SqlScript script, List<HostRow> rows) {
    if (rows.isEmpty()) {
      return;
    }
    StringBuilder sql =
        new StringBuilder(
            "INSERT INTO hosts (host, first_seen, last_seen, agent_version, address, sysinfo,"
                + " services_hash, checks, vips) VALUES ");
    List<Object> p = new ArrayList<>(rows.size() * 9);
    // One row per host: a host that sent two heartbeats in one batch keeps the later one.
    java.util.Map<String, HostRow> last = new java.util.LinkedHashMap<>();
    rows.forEach(r -> last.put(r.host(), r));
    int i = 0;
    for (HostRow r : last.values()) {
      sql.append(i++ == 0 ? "" : ", ").append("(?, ?, ?, ?, ?, ?, ?, ?, ?)");
      p.add(r.host());
      p.add(r.firstSeen());
      p.add(r.lastSeen());
      p.add(SqlScript.orNull(r.agentVersion()));
      p.add(SqlScript.orNull(r.address()));
      p.add(SqlScript.orNull(r.sysinfoJson()));
      p.add(SqlScript.orNull(r.servicesHash()));
      p.add(SqlScript.orNull(r.checks()));
      p.add(SqlScript.orNull(r.vips()));
    }
    sql.append(
        " ON DUPLICATE KEY UPDATE last_seen = VALUES(last_seen), agent_version ="
            + " VALUES(agent_version), address = VALUES(address), sysinfo = VALUES(sysinfo),"
            // The inventory's columns change with the heartbeats that carry one (zero extra
            // statements per beat); a beat without one leaves them.
            + " services_hash = COALESCE(VALUES(services_hash), services_hash),"
            + " checks = COALESCE(VALUES(checks), checks), vips = VALUES(vips)");
    script.add(sql.toString(), p);
  }

  /** A host's last heartbeat and the hash of the inventory it holds (the peer poll's read). */
  public record Beat(String host, long lastSeen, String servicesHash, String checks) {}

  /**
   * Hosts heard of at or after {@code since}, oldest first, at most {@code limit}
   * (docs/collector.md, "Several collectors"; index ix_hosts_last_seen).
   */
  public static List<Beat> seenSince(Connection c, long since, int limit) throws SQLException {
    List<Beat> out = new ArrayList<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT host, last_seen, services_hash, checks FROM hosts WHERE last_seen >= ?"
                + " ORDER BY last_seen, host LIMIT ?")) {
      ps.setLong(1, since);
      ps.setInt(2, limit);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(new Beat(rs.getString(1), rs.getLong(2), rs.getString(3), rs.getString(4)));
        }
      }
    }
    return out;
  }

  public static List<HostRow> all(Connection c) throws SQLException {
    List<HostRow> out = new ArrayList<>();
    try (PreparedStatement ps =
            c.prepareStatement(
                "SELECT host, first_seen, last_seen, agent_version, address, sysinfo FROM hosts"
                    + " ORDER BY host");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.add(
            new HostRow(
                rs.getString(1),
                rs.getLong(2),
                rs.getLong(3),
                rs.getString(4),
                rs.getString(5),
                rs.getString(6)));
      }
    }
    return out;
  }
}
