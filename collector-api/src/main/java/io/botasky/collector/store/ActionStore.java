package io.botasky.collector.store;

import io.botasky.common.db.OpenKeys;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The {@code actions} table (docs/collector.md, "Controlled actions"). At most one pending or
 * running action per service is enforced by the unique {@code open_key}, not by a read first: two
 * requests at once cannot both pass. State changes are compare-and-set on the state read, so a
 * report and the expiry racing for one pending action change it once.
 */
public final class ActionStore {
  /** States an action never leaves. */
  public static final List<String> FINAL =
      List.of("succeeded", "failed", "timed_out", "expired", "refused");

  /** Every state, in the order the API documents them. */
  public static final List<String> STATES =
      List.of("pending", "running", "succeeded", "failed", "timed_out", "expired", "refused");

  /** One action row; times epoch ms. */
  public record ActionRow(
      long id,
      String uuid,
      String host,
      String resource,
      String instance,
      String action,
      String by,
      String comment,
      String state,
      String reason,
      long requestedAt,
      Long startedAt,
      Long finishedAt,
      Integer exitCode,
      String output,
      Long alertId,
      String source) {

    public boolean open() {
      return state.equals("pending") || state.equals("running");
    }

    /** The action as the API shows it (docs/api.md, "Controlled actions"). */
    public Map<String, Object> view() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("id", id);
      m.put("host", host);
      m.put("resource", resource);
      m.put("instance", instance);
      m.put("action", action);
      m.put("by", by);
      m.put("comment", comment);
      m.put("state", state);
      m.put("requested_at", Times.rfc3339(requestedAt));
      m.put("started_at", Times.rfc3339(startedAt));
      m.put("finished_at", Times.rfc3339(finishedAt));
      m.put("exit_code", exitCode);
      m.put("output", output);
      if (reason != null) {
        m.put("reason", reason);
      }
      return m;
    }

    /** What the agent's poll lists of a pending action (docs/api.md, "Controlled actions"). */
    public Map<String, Object> pollView() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("id", id);
      m.put("resource", resource);
      m.put("instance", instance);
      m.put("action", action);
      m.put("by", by);
      m.put("requested_at", Times.rfc3339(requestedAt));
      return m;
    }

    public ActionRow withId(long newId) {
      return new ActionRow(
          newId,
          uuid,
          host,
          resource,
          instance,
          action,
          by,
          comment,
          state,
          reason,
          requestedAt,
          startedAt,
          finishedAt,
          exitCode,
          output,
          alertId,
          source);
    }
  }

  /** Another action is pending or running on that service (the API's 409). */
  public static final class OpenConflict extends Exception {
    private static final long serialVersionUID = 1L;

    OpenConflict() {
      super("another action is pending or running on this service", null, false, false);
    }
  }

  private static final String COLUMNS =
      "id, uuid, host, resource, instance, action, by_who, comment, state, reason, requested_at,"
          + " started_at, finished_at, exit_code, output, alert_id, source";

  private final DataSource ds;

  public ActionStore(DataSource ds) {
    this.ds = ds;
  }

  /**
   * Inserts {@code r} (its id ignored) and returns it with its id; {@link OpenConflict} when it is
   * open and the service already has an open action.
   */
  public ActionRow insert(ActionRow r) throws SQLException, OpenConflict {
    return insert(r, true);
  }

  /**
   * As {@link #insert(ActionRow)}; without {@code claimOpen} an open action is stored without its
   * open key (a scheduled run the agent started while this collector holds another action open).
   */
  public ActionRow insert(ActionRow r, boolean claimOpen) throws SQLException, OpenConflict {
    try (Connection c = ds.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO actions (uuid, open_key, host, resource, instance, action, by_who,"
                    + " comment, state, reason, requested_at, started_at, finished_at, exit_code,"
                    + " output, alert_id, source) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
                    + " ?, ?, ?, ?)",
                Statement.RETURN_GENERATED_KEYS)) {
      int i = 1;
      ps.setString(i++, r.uuid());
      ps.setString(i++, claimOpen ? openKey(r) : null);
      ps.setString(i++, r.host());
      ps.setString(i++, r.resource());
      ps.setString(i++, r.instance());
      ps.setString(i++, r.action());
      ps.setString(i++, r.by());
      ps.setString(i++, r.comment());
      ps.setString(i++, r.state());
      ps.setString(i++, r.reason());
      ps.setLong(i++, r.requestedAt());
      setLong(ps, i++, r.startedAt());
      setLong(ps, i++, r.finishedAt());
      if (r.exitCode() == null) {
        ps.setNull(i++, Types.INTEGER);
      } else {
        ps.setInt(i++, r.exitCode());
      }
      ps.setString(i++, r.output());
      setLong(ps, i++, r.alertId());
      ps.setString(i, r.source());
      try {
        ps.executeUpdate();
      } catch (SQLException e) {
        if (claimOpen && isDuplicate(e) && r.open() && hasOpen(c, r)) {
          throw new OpenConflict();
        }
        throw e;
      }
      try (ResultSet keys = ps.getGeneratedKeys()) {
        keys.next();
        return r.withId(keys.getLong(1));
      }
    }
  }

  /**
   * Writes {@code next} over the row if it is still in state {@code expectedState}; false when
   * something else changed it first.
   */
  public boolean update(ActionRow next, String expectedState) throws SQLException {
    try (Connection c = ds.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "UPDATE actions SET open_key = ?, state = ?, reason = ?, started_at = ?,"
                    + " finished_at = ?, exit_code = ?, output = ? WHERE id = ? AND state = ?")) {
      int i = 1;
      ps.setString(i++, openKey(next));
      ps.setString(i++, next.state());
      ps.setString(i++, next.reason());
      setLong(ps, i++, next.startedAt());
      setLong(ps, i++, next.finishedAt());
      if (next.exitCode() == null) {
        ps.setNull(i++, Types.INTEGER);
      } else {
        ps.setInt(i++, next.exitCode());
      }
      ps.setString(i++, next.output());
      ps.setLong(i++, next.id());
      ps.setString(i, expectedState);
      return ps.executeUpdate() == 1;
    }
  }

  public Optional<ActionRow> get(long id) throws SQLException {
    return one("SELECT " + COLUMNS + " FROM actions WHERE id = ?", ps -> ps.setLong(1, id));
  }

  public Optional<ActionRow> byUuid(String uuid) throws SQLException {
    return one("SELECT " + COLUMNS + " FROM actions WHERE uuid = ?", ps -> ps.setString(1, uuid));
  }

  /** Newest first; {@code host} and {@code state} null for any. */
  public List<ActionRow> list(String host, String state, int limit) throws SQLException {
    StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM actions WHERE 1 = 1");
    List<String> args = new ArrayList<>();
    if (host != null) {
      sql.append(" AND host = ?");
      args.add(host);
    }
    if (state != null) {
      sql.append(" AND state = ?");
      args.add(state);
    }
    sql.append(" ORDER BY id DESC LIMIT ").append(limit);
    return many(
        sql.toString(),
        ps -> {
          for (int i = 0; i < args.size(); i++) {
            ps.setString(i + 1, args.get(i));
          }
        });
  }

  /** Every pending action of {@code host}, oldest first (the agent's poll). */
  public List<ActionRow> pending(String host) throws SQLException {
    return many(
        "SELECT " + COLUMNS + " FROM actions WHERE host = ? AND state = 'pending' ORDER BY id",
        ps -> ps.setString(1, host));
  }

  /**
   * Actions requested, started or finished at or after {@code since}, at most {@code limit}
   * (docs/collector.md, "Several collectors"; the three times are indexed).
   */
  public List<ActionRow> changedSince(long since, int limit) throws SQLException {
    return many(
        "SELECT "
            + COLUMNS
            + " FROM actions WHERE requested_at >= ? OR started_at >= ? OR finished_at >= ?"
            + " ORDER BY id LIMIT ?",
        ps -> {
          ps.setLong(1, since);
          ps.setLong(2, since);
          ps.setLong(3, since);
          ps.setInt(4, limit);
        });
  }

  /** Pending actions requested before {@code cutoff} (expiry). */
  public List<ActionRow> pendingBefore(long cutoff) throws SQLException {
    return many(
        "SELECT "
            + COLUMNS
            + " FROM actions WHERE state = 'pending' AND requested_at < ? ORDER BY id LIMIT 500",
        ps -> ps.setLong(1, cutoff));
  }

  /** Whether an alert with this open key is firing or acked (action_failed's resolve). */
  public boolean alertOpen(String openKey) throws SQLException {
    try (Connection c = ds.getConnection();
        PreparedStatement ps = c.prepareStatement("SELECT 1 FROM alerts WHERE open_key = ?")) {
      ps.setString(1, openKey);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }

  private boolean hasOpen(Connection c, ActionRow r) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM actions WHERE open_key = ?")) {
      ps.setString(1, openKey(r));
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }

  private static String openKey(ActionRow r) {
    return r.open() ? OpenKeys.ofService(r.host(), r.resource(), r.instance()) : null;
  }

  /** A unique-key violation: SQLState class 23 (MySQL, MariaDB and H2 alike). */
  private static boolean isDuplicate(SQLException e) {
    return e.getSQLState() != null && e.getSQLState().startsWith("23");
  }

  private static void setLong(PreparedStatement ps, int i, Long v) throws SQLException {
    if (v == null) {
      ps.setNull(i, Types.BIGINT);
    } else {
      ps.setLong(i, v);
    }
  }

  @FunctionalInterface
  private interface Binder {
    void bind(PreparedStatement ps) throws SQLException;
  }

  private Optional<ActionRow> one(String sql, Binder b) throws SQLException {
    List<ActionRow> rows = many(sql, b);
    return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
  }

  private List<ActionRow> many(String sql, Binder b) throws SQLException {
    try (Connection c = ds.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      b.bind(ps);
      List<ActionRow> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(
              new ActionRow(
                  rs.getLong(1),
                  rs.getString(2),
                  rs.getString(3),
                  rs.getString(4),
                  rs.getString(5),
                  rs.getString(6),
                  rs.getString(7),
                  rs.getString(8),
                  rs.getString(9),
                  rs.getString(10),
                  rs.getLong(11),
                  rs.getObject(12, Long.class),
                  rs.getObject(13, Long.class),
                  rs.getObject(14, Integer.class),
                  rs.getString(15),
                  rs.getObject(16, Long.class),
                  rs.getString(17)));
        }
      }
      return out;
    }
  }
}
