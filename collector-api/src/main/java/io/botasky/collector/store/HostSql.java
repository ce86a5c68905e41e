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
  public record HostRow(String host, long firstSeen, long lastSeen, String agentVersion, String address, String sysinfoJson) {}

  private HostSql() {}

  /** Records a heartbeat: inserts the host or refreshes it. */
  public static void upsert(Connection c, List<HostRow> rows) throws SQLException {
    if (rows.isEmpty()) {
      return;
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO hosts (host, first_seen, last_seen, agent_version, address, sysinfo) VALUES (?, ?, ?, ?, ?, ?) "
                + "ON DUPLICATE KEY UPDATE last_seen = VALUES(last_seen), agent_version = VALUES(agent_version), "
                + "address = VALUES(address), sysinfo = VALUES(sysinfo)")) {
      for (HostRow r : rows) {
        ps.setString(1, r.host());
        ps.setLong(2, r.firstSeen());
        ps.setLong(3, r.lastSeen());
        ps.setString(4, r.agentVersion());
        ps.setString(5, r.address());
        ps.setString(6, r.sysinfoJson());
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  public static List<HostRow> all(Connection c) throws SQLException {
    List<HostRow> out = new ArrayList<>();
    try (PreparedStatement ps =
            c.prepareStatement("SELECT host, first_seen, last_seen, agent_version, address, sysinfo FROM hosts ORDER BY host");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.add(new HostRow(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getString(4), rs.getString(5), rs.getString(6)));
      }
    }
    return out;
  }
}
