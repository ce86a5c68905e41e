package io.botasky.collector.store;

import io.botasky.common.wire.ServiceEntry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The SQL of the services table (docs/collector.md, "Service inventory") and of the inventory
 * columns of hosts; the one place that writes them. Agent fields are written by the heartbeat's
 * partition, the derived state and since by the inventory ticker: each statement touches only its
 * own columns.
 */
public final class InventorySql {
  private static final int CHUNK = 200;

  private InventorySql() {}

  /** Adds the insert-or-update of {@code rows} (agent fields and place only) to {@code script}. */
  public static void appendWrites(SqlScript script, List<Service> rows) {
    for (int from = 0; from < rows.size(); from += CHUNK) {
      List<Service> part = rows.subList(from, Math.min(rows.size(), from + CHUNK));
      StringBuilder sql =
          new StringBuilder(
              "INSERT INTO services (host, resource, instance, grp, agent_state, summary,"
                  + " interval_s, actions, protected, pos, last_check, first_seen, state, since)"
                  + " VALUES ");
      List<Object> p = new ArrayList<>(part.size() * 14);
      for (int i = 0; i < part.size(); i++) {
        Service s = part.get(i);
        ServiceEntry e = s.entry();
        sql.append(i == 0 ? "" : ", ").append("(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        p.add(s.host());
        p.add(e.resource());
        p.add(e.instance());
        p.add(e.group());
        p.add(e.state());
        p.add(e.summary());
        p.add(e.interval());
        p.add(String.join(",", e.actions()));
        p.add(e.protectedService());
        p.add(s.pos());
        p.add(e.lastCheck());
        p.add(s.firstSeen());
        p.add(s.derived().state());
        p.add(s.derived().since());
      }
      sql.append(
          " ON DUPLICATE KEY UPDATE grp = VALUES(grp), agent_state = VALUES(agent_state),"
              + " summary = VALUES(summary), interval_s = VALUES(interval_s), actions ="
              + " VALUES(actions), protected = VALUES(protected), pos = VALUES(pos), last_check ="
              + " VALUES(last_check)");
      script.add(sql.toString(), p);
    }
  }

  /** Adds the delete of {@code rows} to {@code script}. */
  public static void appendDeletes(SqlScript script, List<Service> rows) {
    for (Service s : rows) {
      script.add(
          "DELETE FROM services WHERE host = ? AND resource = ? AND instance = ?",
          List.of(s.host(), s.resource(), s.instance()));
    }
  }

  /** Persists the derived state and since of {@code rows}, in one batch. */
  public static void saveStates(Connection c, List<Service> rows) throws SQLException {
    if (rows.isEmpty()) {
      return;
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE services SET state = ?, since = ? WHERE host = ? AND resource = ? AND"
                + " instance = ?")) {
      for (Service s : rows) {
        ps.setString(1, s.derived().state());
        ps.setLong(2, s.derived().since());
        ps.setString(3, s.host());
        ps.setString(4, s.resource());
        ps.setString(5, s.instance());
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  /**
   * Every host's inventory, services in list order. A service's last check is the host's latest
   * ({@code hosts.checks}) when that list matches the services, else its row's.
   */
  public static Map<String, HostInventory> loadAll(Connection c) throws SQLException {
    return load(c, null);
  }

  /**
   * One host's inventory as {@link #loadAll} reads it, {@link HostInventory#EMPTY} when it has
   * none: another collector committed it (docs/collector.md, "Several collectors").
   */
  public static HostInventory loadHost(Connection c, String host) throws SQLException {
    return load(c, host).getOrDefault(host, HostInventory.EMPTY);
  }

  private static Map<String, HostInventory> load(Connection c, String only) throws SQLException {
    Map<String, List<Service>> byHost = new LinkedHashMap<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT host, resource, instance, grp, agent_state, summary, interval_s, actions,"
                + " protected, pos, last_check, first_seen, state, since FROM services"
                + (only == null ? "" : " WHERE host = ?")
                + " ORDER BY host, pos")) {
      if (only != null) {
        ps.setString(1, only);
      }
      readServices(ps, byHost);
    }
    Map<String, HostInventory> out = new HashMap<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT host, services_hash, checks FROM hosts WHERE services_hash IS NOT NULL"
                + (only == null ? "" : " AND host = ?"))) {
      if (only != null) {
        ps.setString(1, only);
      }
      readHosts(ps, byHost, out);
    }
    return out;
  }

  private static void readServices(PreparedStatement ps, Map<String, List<Service>> byHost)
      throws SQLException {
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        String actions = rs.getString(8);
        ServiceEntry e =
            new ServiceEntry(
                null,
                rs.getString(2),
                rs.getString(3),
                rs.getString(4),
                rs.getString(5),
                rs.getString(6),
                rs.getLong(11),
                rs.getInt(7),
                actions.isEmpty() ? List.of() : List.of(actions.split(",")),
                rs.getBoolean(9));
        String host = rs.getString(1);
        byHost
            .computeIfAbsent(host, h -> new ArrayList<>())
            .add(
                new Service(
                    host,
                    e,
                    rs.getInt(10),
                    rs.getLong(12),
                    new Service.Derived(rs.getString(13), rs.getLong(14), false, e.summary())));
      }
    }
  }

  private static void readHosts(
      PreparedStatement ps, Map<String, List<Service>> byHost, Map<String, HostInventory> out)
      throws SQLException {
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        String host = rs.getString(1);
        out.put(
            host,
            withChecks(
                new HostInventory(rs.getString(2), byHost.getOrDefault(host, List.of())),
                rs.getString(3)));
      }
    }
  }

  /**
   * {@code inv} with the latest checks of {@code hosts.checks} (comma-separated, in list order); as
   * it is when that list does not match its services.
   */
  public static HostInventory withChecks(HostInventory inv, String checks) {
    List<Service> list = inv.services();
    long[] at =
        checks == null || checks.isEmpty()
            ? new long[0]
            : Arrays.stream(checks.split(",")).mapToLong(Long::parseLong).toArray();
    if (at.length != list.size()) {
      return inv;
    }
    List<Service> fixed = new ArrayList<>(list.size());
    for (int i = 0; i < list.size(); i++) {
      Service s = list.get(i);
      fixed.add(s.withEntry(withCheck(s.entry(), at[i]), i));
    }
    return new HostInventory(inv.hash(), fixed);
  }

  /** Deletes a host's services and its hosts row (retention of a host gone for good). */
  public static void deleteHost(Connection c, String host) throws SQLException {
    for (String sql :
        List.of("DELETE FROM services WHERE host = ?", "DELETE FROM hosts WHERE host = ?")) {
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        ps.setString(1, host);
        ps.executeUpdate();
      }
    }
  }

  private static ServiceEntry withCheck(ServiceEntry e, long lastCheck) {
    return new ServiceEntry(
        null,
        e.resource(),
        e.instance(),
        e.group(),
        e.state(),
        e.summary(),
        lastCheck,
        e.interval(),
        e.actions(),
        e.protectedService());
  }
}
