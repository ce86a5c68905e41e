package io.botasky.agent.probe.mysql;

import io.botasky.agent.probe.CheckOutcome;
import io.botasky.agent.probe.Probe;
import io.botasky.agent.probe.ProbeException;
import io.botasky.agent.probe.ProbeSink;
import io.botasky.agent.probe.daemon.CarriedOutcomes;
import io.botasky.agent.probe.daemon.DaemonCheck;
import io.botasky.agent.probe.daemon.ProcessTable;
import io.botasky.common.wire.Severity;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * {@code [mysql:NAME]} through MySQL Connector/J with short connect and socket timeouts: {@code
 * process_down}, {@code unreachable} and, on a replica, the checks of {@link ReplicationJudge}.
 * Samples {@code mysql.replication_lag_seconds}, {@code mysql.threads_connected} and {@code
 * mysql.queries_per_second} (from the second round on: it is a rate).
 */
public final class MysqlProbe implements Probe {
  private static final List<String> PROGRAMS = List.of("mariadbd", "mysqld");

  /**
   * Server error "You have an error in your SQL syntax": SHOW REPLICA STATUS before MySQL 8.0.22.
   */
  private static final int ER_PARSE_ERROR = 1064;

  private final String id;
  private final String instance;
  private final MysqlSettings s;
  private final ProcessTable table;
  private final Clock clock;
  private final CarriedOutcomes replicationChecks = new CarriedOutcomes();
  private long lastQueries = -1;
  private Instant lastAt;

  public MysqlProbe(
      String id, String instance, MysqlSettings settings, ProcessTable table, Clock clock) {
    this.id = id;
    this.instance = instance;
    this.s = settings;
    this.table = table;
    this.clock = clock;
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public synchronized void run(ProbeSink sink) throws ProbeException {
    Map<String, String> labels = Map.of("instance", instance);
    if (s.checkProcess()) {
      DaemonCheck d = DaemonCheck.report(table, PROGRAMS, s.port(), id, "mysql", instance, sink);
      if (!d.up()) {
        // Nothing to connect to; unreachable would only repeat it.
        replicationChecks.carry("no server process", sink);
        return;
      }
    }
    try (Connection c = connect()) {
      status(c, sink, labels);
      if (!"primary".equals(s.role())) {
        replication(c, sink, labels);
      }
      sink.outcome(
          CheckOutcome.ok(
              "mysql", instance, "unreachable", null, "connected to " + s.host() + ":" + s.port()));
    } catch (SQLException e) {
      sink.outcome(
          CheckOutcome.failing(
              "mysql",
              instance,
              "unreachable",
              Severity.CRITICAL,
              null,
              null,
              "cannot query "
                  + s.host()
                  + ":"
                  + s.port()
                  + " as "
                  + s.user()
                  + ": "
                  + firstLine(e)));
      replicationChecks.carry("server unreachable", sink);
    }
  }

  private Connection connect() throws SQLException {
    Properties p = new Properties();
    p.setProperty("user", s.user());
    p.setProperty("password", s.password());
    p.setProperty("connectTimeout", Long.toString(s.connectTimeout().toMillis()));
    p.setProperty("socketTimeout", Long.toString(s.timeout().toMillis()));
    // One short attempt per round; a TLS-capable server may use TLS, none is required.
    p.setProperty("sslMode", "PREFERRED");
    p.setProperty("allowPublicKeyRetrieval", "true");
    p.setProperty("connectionTimeZone", "UTC");
    String url = "jdbc:mysql://" + hostForUrl(s.host()) + ":" + s.port() + "/";
    return DriverManager.getConnection(url, p);
  }

  private static String hostForUrl(String host) {
    return host.contains(":") ? "[" + host + "]" : host;
  }

  private void status(Connection c, ProbeSink sink, Map<String, String> labels)
      throws SQLException {
    long queries = -1;
    try (Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SHOW GLOBAL STATUS WHERE Variable_name IN ('Threads_connected', 'Queries')")) {
      while (rs.next()) {
        String name = rs.getString(1);
        long v = Long.parseLong(rs.getString(2));
        if (name.equalsIgnoreCase("Threads_connected")) {
          sink.sample("mysql.threads_connected", v, labels);
        } else if (name.equalsIgnoreCase("Queries")) {
          queries = v;
        }
      }
    }
    Instant now = clock.instant();
    if (queries >= 0 && lastQueries >= 0 && queries >= lastQueries && now.isAfter(lastAt)) {
      double secs = (now.toEpochMilli() - lastAt.toEpochMilli()) / 1000.0;
      sink.sample("mysql.queries_per_second", (queries - lastQueries) / secs, labels);
    }
    lastQueries = queries;
    lastAt = now;
  }

  private void replication(Connection c, ProbeSink sink, Map<String, String> labels)
      throws SQLException {
    List<Map<String, String>> rows;
    try {
      rows = rows(c, "SHOW REPLICA STATUS");
    } catch (SQLException e) {
      if (e.getErrorCode() != ER_PARSE_ERROR) {
        throw e;
      }
      rows = rows(c, "SHOW SLAVE STATUS");
    }
    if (rows.isEmpty()) {
      List<CheckOutcome> none = List.of();
      if ("replica".equals(s.role())) {
        none =
            List.of(
                CheckOutcome.failing(
                    "mysql",
                    instance,
                    "replication_io_stopped",
                    Severity.CRITICAL,
                    null,
                    null,
                    "role = replica but the server has no replication configured (SHOW REPLICA"
                        + " STATUS is empty)"));
      }
      none.forEach(sink::outcome);
      replicationChecks.judged(none);
      return;
    }
    // One row per replication source: judge the first (multi-source is not in the contract).
    ReplicaStatus st = ReplicaStatusParser.parse(rows.get(0));
    String unreachable = null;
    if (!st.ioUp() && st.masterHost() != null && !st.masterHost().isEmpty()) {
      unreachable = tcpProblem(st.masterHost(), st.masterPort());
    }
    List<CheckOutcome> judged = ReplicationJudge.judge(instance, st, s.lag(), unreachable);
    judged.forEach(sink::outcome);
    replicationChecks.judged(judged);
    if (st.lagSeconds() != null) {
      sink.sample("mysql.replication_lag_seconds", st.lagSeconds(), labels);
    }
  }

  private String tcpProblem(String host, int port) {
    try (Socket sock = new Socket()) {
      sock.connect(new InetSocketAddress(host, port), (int) s.connectTimeout().toMillis());
      return null;
    } catch (IOException e) {
      return "primary "
          + host
          + ":"
          + port
          + " does not accept connections ("
          + e.getMessage()
          + ")";
    }
  }

  private static List<Map<String, String>> rows(Connection c, String sql) throws SQLException {
    List<Map<String, String>> out = new ArrayList<>();
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      ResultSetMetaData md = rs.getMetaData();
      while (rs.next()) {
        Map<String, String> row = new LinkedHashMap<>();
        for (int i = 1; i <= md.getColumnCount(); i++) {
          row.put(md.getColumnLabel(i), rs.getString(i));
        }
        out.add(row);
      }
    }
    return out;
  }

  /** Connector/J messages run to several lines with a stack of causes; the first says it all. */
  private static String firstLine(SQLException e) {
    String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    Throwable cause = e.getCause();
    while (cause != null && cause.getCause() != null) {
      cause = cause.getCause();
    }
    String line = m.lines().filter(l -> !l.isBlank()).findFirst().orElse(m);
    if (cause != null && cause.getMessage() != null && !line.contains(cause.getMessage())) {
      line += " (" + cause.getClass().getSimpleName() + ": " + cause.getMessage() + ")";
    }
    return line;
  }
}
