package io.botasky.agent.probe.redis;

import io.botasky.agent.probe.CheckOutcome;
import io.botasky.common.wire.Severity;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Turns one server's replication facts into its checks. Pure. */
public final class RedisJudge {
  private RedisJudge() {}

  /**
   * @param masterOffset the master's {@code master_repl_offset} read from the master itself, or
   *     null when it could not be read (then the lag in bytes is not judged)
   */
  public static List<CheckOutcome> judge(
      String instance, RedisReplication r, RedisSettings s, Long masterOffset) {
    List<CheckOutcome> out = new ArrayList<>();
    boolean asReplica = "replica".equals(s.role()) || ("auto".equals(s.role()) && r.replica());
    if (asReplica) {
      if (!r.replica()) {
        out.add(
            fail(
                instance,
                "master_link_down",
                Severity.CRITICAL,
                null,
                null,
                "role = replica but the server is a " + r.role(),
                Map.of("role", r.role())));
        return out;
      }
      String master = r.masterHost() + ":" + r.masterPort();
      if (!r.linkUp()) {
        Double down = r.linkDownSeconds() >= 0 ? (double) r.linkDownSeconds() : null;
        out.add(
            fail(
                instance,
                "master_link_down",
                Severity.CRITICAL,
                down,
                null,
                "link to master "
                    + master
                    + " down"
                    + (down != null ? " for " + r.linkDownSeconds() + " s" : ""),
                Map.of("master", master, "link_down_seconds", r.linkDownSeconds())));
        // The offsets are frozen while the link is down; master_link_down says it all.
        return out;
      }
      out.add(
          CheckOutcome.ok(
              "redis", instance, "master_link_down", 0.0, "link to master " + master + " up"));
      out.add(lag(instance, r, s, masterOffset));
      return out;
    }
    if (s.expectReplicas() > 0) {
      if (r.connectedReplicas() < s.expectReplicas()) {
        // Value = replicas missing, threshold 1: higher is worse, as the agent's hysteresis
        // assumes.
        out.add(
            fail(
                instance,
                "replica_missing",
                Severity.CRITICAL,
                (double) (s.expectReplicas() - r.connectedReplicas()),
                1.0,
                r.connectedReplicas()
                    + " replica(s) connected, "
                    + s.expectReplicas()
                    + " expected"
                    + (r.replicas().isEmpty() ? "" : ": " + r.replicas()),
                Map.of("replicas", r.replicas())));
      } else {
        out.add(
            CheckOutcome.ok(
                "redis",
                instance,
                "replica_missing",
                0.0,
                r.connectedReplicas() + " replica(s) connected: " + r.replicas()));
      }
    }
    return out;
  }

  private static CheckOutcome lag(
      String instance, RedisReplication r, RedisSettings s, Long masterOffset) {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("master_last_io_seconds_ago", r.lastIoSecondsAgo());
    d.put("replica_offset", r.replicaOffset());
    if (masterOffset != null) {
      d.put("master_offset", masterOffset);
    }
    long io = r.lastIoSecondsAgo();
    if (io >= s.lagSeconds().toSeconds()) {
      // No threshold: the check's threshold is in bytes; a silence in seconds must not set it.
      return fail(
          instance,
          "replication_lag",
          Severity.WARNING,
          (double) io,
          null,
          "no data from the master for "
              + io
              + " s (lag_seconds = "
              + s.lagSeconds().toSeconds()
              + ")",
          d);
    }
    if (masterOffset == null) {
      return CheckOutcome.ok(
          "redis", instance, "replication_lag", null, "last data from master " + io + " s ago");
    }
    long behind = Math.max(0, masterOffset - r.replicaOffset());
    if (behind >= s.lagBytesCritical()) {
      return fail(
          instance,
          "replication_lag",
          Severity.CRITICAL,
          (double) behind,
          (double) s.lagBytesCritical(),
          "replica " + behind + " bytes behind its master",
          d);
    }
    if (behind >= s.lagBytesWarning()) {
      return fail(
          instance,
          "replication_lag",
          Severity.WARNING,
          (double) behind,
          (double) s.lagBytesWarning(),
          "replica " + behind + " bytes behind its master",
          d);
    }
    return CheckOutcome.ok(
        "redis",
        instance,
        "replication_lag",
        (double) behind,
        "replica " + behind + " bytes behind");
  }

  private static CheckOutcome fail(
      String instance,
      String check,
      Severity sev,
      Double value,
      Double threshold,
      String summary,
      Map<String, Object> d) {
    return new CheckOutcome("redis", instance, check, sev, value, threshold, summary, d);
  }
}
