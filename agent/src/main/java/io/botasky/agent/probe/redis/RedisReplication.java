package io.botasky.agent.probe.redis;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The replication part of {@code INFO}, typed. Fields that do not apply to the role are -1 or null.
 *
 * @param role {@code master} or {@code slave}
 * @param replicas the {@code slaveN:} lines of a master, as {@code ip:port state}
 * @param linkUp a replica's {@code master_link_status} is {@code up}
 * @param lastIoSecondsAgo {@code master_last_io_seconds_ago}; -1 while the link is down
 * @param linkDownSeconds {@code master_link_down_since_seconds}; -1 when absent (link up)
 * @param replicaOffset a replica's {@code slave_repl_offset}
 * @param masterOffset {@code master_repl_offset} of this server
 */
public record RedisReplication(
    String role,
    int connectedReplicas,
    List<String> replicas,
    String masterHost,
    int masterPort,
    boolean linkUp,
    long lastIoSecondsAgo,
    long linkDownSeconds,
    long replicaOffset,
    long masterOffset) {

  public boolean replica() {
    return "slave".equals(role) || "replica".equals(role);
  }

  public static RedisReplication of(Map<String, String> info) {
    List<String> replicas = new ArrayList<>();
    for (Map.Entry<String, String> e : info.entrySet()) {
      if (e.getKey().matches("slave\\d+")) {
        // ip=127.0.0.1,port=16380,state=online,offset=0,lag=0
        Map<String, String> f = new java.util.HashMap<>();
        for (String kv : e.getValue().split(",")) {
          int eq = kv.indexOf('=');
          if (eq > 0) {
            f.put(kv.substring(0, eq), kv.substring(eq + 1));
          }
        }
        replicas.add(
            f.getOrDefault("ip", "?")
                + ":"
                + f.getOrDefault("port", "?")
                + " "
                + f.getOrDefault("state", "?"));
      }
    }
    return new RedisReplication(
        info.getOrDefault("role", "unknown"),
        (int) upTo(num(info, "connected_slaves"), Integer.MAX_VALUE),
        List.copyOf(replicas),
        info.get("master_host"),
        (int) upTo(num(info, "master_port"), 65535),
        "up".equals(info.get("master_link_status")),
        num(info, "master_last_io_seconds_ago"),
        num(info, "master_link_down_since_seconds"),
        num(info, "slave_repl_offset"),
        num(info, "master_repl_offset"));
  }

  private static long num(Map<String, String> info, String key) {
    String v = info.get(key);
    if (v == null) {
      return -1;
    }
    String d = v.strip();
    // Redis writes unsigned decimals; Long.parseLong would also take a sign and non-ASCII digits.
    return d.matches("[0-9]{1,18}") ? Long.parseLong(d) : -1;
  }

  /** -1 (unknown) past {@code max}: a cast would wrap connected_slaves 4294967297 to 1. */
  private static long upTo(long v, int max) {
    return v > max ? -1 : v;
  }
}
