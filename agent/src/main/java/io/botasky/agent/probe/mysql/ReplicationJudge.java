package io.botasky.agent.probe.mysql;

import io.botasky.agent.probe.CheckOutcome;
import io.botasky.common.wire.Severity;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns one replica's status into the four replication checks. Pure: the probe gathers the facts
 * (the status row and, when the IO thread is not running, whether the primary answers on TCP).
 */
public final class ReplicationJudge {
  /** Client error "Can't connect to server": the primary is not there. */
  static final int CR_CONN_HOST_ERROR = 2003;

  /** Client error "Unknown server host". */
  static final int CR_UNKNOWN_HOST = 2005;

  private ReplicationJudge() {}

  /**
   * @param primaryUnreachable why the primary did not answer a TCP connect, or null when it did or
   *     was not tried
   */
  public static List<CheckOutcome> judge(
      String instance, ReplicaStatus s, LagLimits limits, String primaryUnreachable) {
    List<CheckOutcome> out = new ArrayList<>();
    String primary = s.masterHost() + ":" + s.masterPort();
    boolean masterDown =
        !s.ioUp()
            && (s.lastIoErrno() == CR_CONN_HOST_ERROR
                || s.lastIoErrno() == CR_UNKNOWN_HOST
                || primaryUnreachable != null);
    if (masterDown) {
      String why =
          primaryUnreachable != null
              ? primaryUnreachable
              : "error " + s.lastIoErrno() + ": " + s.lastIoError();
      out.add(
          failing(
              instance,
              "master_down",
              Severity.CRITICAL,
              null,
              null,
              "primary " + primary + " is down: IO thread " + s.ioRunning() + ", " + why,
              details(s)));
    } else {
      out.add(ok(instance, "master_down", "primary " + primary + " reachable"));
    }
    if (s.ioUp()) {
      out.add(ok(instance, "replication_io_stopped", "IO thread running"));
    } else if (masterDown) {
      // The IO thread is not stopped but retrying; master_down already says why.
      out.add(
          ok(instance, "replication_io_stopped", "IO thread " + s.ioRunning() + " (primary down)"));
    } else {
      out.add(
          failing(
              instance,
              "replication_io_stopped",
              Severity.CRITICAL,
              null,
              null,
              "IO thread " + s.ioRunning() + errorText(s.lastIoErrno(), s.lastIoError()),
              details(s)));
    }
    if (s.sqlUp()) {
      out.add(ok(instance, "replication_sql_stopped", "SQL thread running"));
    } else {
      out.add(
          failing(
              instance,
              "replication_sql_stopped",
              Severity.CRITICAL,
              null,
              null,
              "SQL thread " + s.sqlRunning() + errorText(s.lastSqlErrno(), s.lastSqlError()),
              details(s)));
    }
    out.add(lag(instance, s, limits));
    return out;
  }

  private static CheckOutcome lag(String instance, ReplicaStatus s, LagLimits limits) {
    Long lag = s.lagSeconds();
    if (lag == null) {
      if (!s.ioUp() || !s.sqlUp()) {
        // NULL while a thread is down means the replica no longer knows how far behind it is:
        // that is a failure, never "no data".
        return failing(
            instance,
            "replication_lag",
            Severity.CRITICAL,
            null,
            (double) limits.critical().toSeconds(),
            "replication lag unknown (NULL): IO thread "
                + s.ioRunning()
                + ", SQL thread "
                + s.sqlRunning(),
            details(s));
      }
      return ok(instance, "replication_lag", "replication lag not reported yet");
    }
    double v = lag;
    if (lag >= limits.critical().toSeconds()) {
      return failing(
          instance,
          "replication_lag",
          Severity.CRITICAL,
          v,
          (double) limits.critical().toSeconds(),
          "replica " + lag + " s behind (critical at " + limits.critical().toSeconds() + " s)",
          details(s));
    }
    if (lag >= limits.warning().toSeconds()) {
      return failing(
          instance,
          "replication_lag",
          Severity.WARNING,
          v,
          (double) limits.warning().toSeconds(),
          "replica " + lag + " s behind (warning at " + limits.warning().toSeconds() + " s)",
          details(s));
    }
    return CheckOutcome.ok("mysql", instance, "replication_lag", v, "replica " + lag + " s behind");
  }

  private static String errorText(int errno, String error) {
    return errno == 0 ? "" : " (error " + errno + ": " + error + ")";
  }

  private static Map<String, Object> details(ReplicaStatus s) {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("io_running", s.ioRunning());
    d.put("sql_running", s.sqlRunning());
    d.put("seconds_behind", s.lagSeconds());
    d.put("primary", s.masterHost() + ":" + s.masterPort());
    if (s.lastIoErrno() != 0) {
      d.put("last_io_errno", s.lastIoErrno());
      d.put("last_io_error", s.lastIoError());
    }
    if (s.lastSqlErrno() != 0) {
      d.put("last_sql_errno", s.lastSqlErrno());
      d.put("last_sql_error", s.lastSqlError());
    }
    return d;
  }

  private static CheckOutcome ok(String instance, String check, String summary) {
    return CheckOutcome.ok("mysql", instance, check, null, summary);
  }

  private static CheckOutcome failing(
      String instance,
      String check,
      Severity sev,
      Double value,
      Double threshold,
      String summary,
      Map<String, Object> details) {
    return new CheckOutcome("mysql", instance, check, sev, value, threshold, summary, details);
  }
}
