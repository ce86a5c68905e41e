package io.botasky.collector.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** The SQL of the hosts table. */
public final class HostSql {
  /** One row of hosts. */
  public record HostRow(
      String host,
      long firstSeen,
      long lastSeen,
      String agentVersion,
      String address,
      String sysinfoJson) {}

  private HostSql() {}

  /** Adds the heartbeats to {@code script}: each host inserted or refreshed, in one statement. */
  public static void appendUpsert(SqlScript script, List<HostRow> rows) {
    if (rows.isEmpty()) {
      return;
    }
    StringBuilder sql =
        new StringBuilder(
            "INSERT INTO hosts (host, first_seen, last_seen, agent_version, address, sysinfo)"
                + " VALUES ");
    List<Object> p = new ArrayList<>(rows.size() * 6);
    // One row per host: a host that sent two heartbeats in one batch keeps the later one.
    java.util.Map<String, HostRow> last = new java.util.LinkedHashMap<>();
    rows.forEach(r -> last.put(r.host(), r));
    int i = 0;
    for (HostRow r : last.values()) {
      sql.append(i++ == 0 ? "" : ", ").append("(?, ?, ?, ?, ?, ?)");
      p.add(r.host());
      p.add(r.firstSeen());
      p.add(r.lastSeen());
      p.add(SqlScript.orNull(r.agentVersion()));
      p.add(SqlScript.orNull(r.address()));
      p.add(SqlScript.orNull(r.sysinfoJson()));
    }
    sql.append(
        " ON DUPLICATE KEY UPDATE last_seen = VALUES(last_seen), agent_version ="
            + " VALUES(agent_version), address = VALUES(address), sysinfo = VALUES(sysinfo)");
    script.add(sql.toString(), p);
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
