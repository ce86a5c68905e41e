package io.botasky.agent.probe.redis;

import io.botasky.agent.probe.CheckOutcome;
import io.botasky.agent.probe.Probe;
import io.botasky.agent.probe.ProbeException;
import io.botasky.agent.probe.ProbeSink;
import io.botasky.agent.probe.daemon.CarriedOutcomes;
import io.botasky.agent.probe.daemon.DaemonCheck;
import io.botasky.agent.probe.daemon.ProcessTable;
import io.botasky.common.wire.Severity;
import java.util.List;
import java.util.Map;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.exceptions.JedisException;

/**
 * {@code [redis:NAME]} through Jedis with connect and socket timeouts: {@code process_down}, {@code
 * unreachable} (a frozen server that accepts but never answers times out into it), and the
 * replication checks of {@link RedisJudge}. A replica's lag in bytes needs its master's offset, so
 * the probe also asks the master (same password, same timeouts). Samples {@code
 * redis.connected_clients}, {@code redis.used_memory_bytes}, {@code redis.connected_replicas},
 * {@code redis.replication_lag_bytes}.
 */
public final class RedisProbe implements Probe {
  private static final List<String> PROGRAMS = List.of("redis-server");

  private final String id;
  private final String instance;
  private final RedisSettings s;
  private final ProcessTable table;
  private final CarriedOutcomes replicationChecks = new CarriedOutcomes();

  public RedisProbe(String id, String instance, RedisSettings settings, ProcessTable table) {
    this.id = id;
    this.instance = instance;
    this.s = settings;
    this.table = table;
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public synchronized void run(ProbeSink sink) throws ProbeException {
    Map<String, String> labels = Map.of("instance", instance);
    if (s.checkProcess()) {
      DaemonCheck d = DaemonCheck.report(table, PROGRAMS, s.port(), id, "redis", instance, sink);
      if (!d.up()) {
        replicationChecks.carry("no server process", sink);
        return;
      }
    }
    Map<String, String> info;
    try {
      info = info(s.host(), s.port());
    } catch (JedisException e) {
      sink.outcome(
          CheckOutcome.failing(
              "redis",
              instance,
              "unreachable",
              Severity.CRITICAL,
              null,
              null,
              "cannot query " + s.host() + ":" + s.port() + ": " + describe(e)));
      replicationChecks.carry("server unreachable", sink);
      return;
    }
    sink.outcome(
        CheckOutcome.ok(
            "redis", instance, "unreachable", null, "INFO from " + s.host() + ":" + s.port()));
    sample(sink, "redis.connected_clients", info.get("connected_clients"), labels);
    sample(sink, "redis.used_memory_bytes", info.get("used_memory"), labels);
    RedisReplication r = RedisReplication.of(info);
    Long masterOffset = null;
    if (r.replica() && r.linkUp() && r.masterHost() != null) {
      try {
        masterOffset = RedisReplication.of(info(r.masterHost(), r.masterPort())).masterOffset();
      } catch (JedisException e) {
        // The link is up, so the master answers its replica; we may simply not be allowed in.
        masterOffset = null;
      }
      // Read the master first and the replica second: a replica may move ahead, never behind.
      try {
        r = RedisReplication.of(info(s.host(), s.port()));
      } catch (JedisException e) {
        // Keep the first reading.
      }
      if (masterOffset != null) {
        sink.sample(
            "redis.replication_lag_bytes", Math.max(0, masterOffset - r.replicaOffset()), labels);
      }
    } else if (!r.replica()) {
      sink.sample("redis.connected_replicas", r.connectedReplicas(), labels);
    }
    List<CheckOutcome> judged = RedisJudge.judge(instance, r, s, masterOffset);
    judged.forEach(sink::outcome);
    replicationChecks.judged(judged);
  }

  private Map<String, String> info(String host, int port) {
    JedisClientConfig cfg =
        DefaultJedisClientConfig.builder()
            .connectionTimeoutMillis((int) s.connectTimeout().toMillis())
            .socketTimeoutMillis((int) s.timeout().toMillis())
            .password(s.password().isEmpty() ? null : s.password())
            .clientName("boagent")
            .autoNegotiateProtocol(false) // INFO needs nothing of RESP3; skip the HELLO round trip
            .build();
    try (Jedis j = new Jedis(new HostAndPort(host, port), cfg)) {
      return RedisInfoParser.parse(j.info());
    }
  }

  private static void sample(
      ProbeSink sink, String metric, String value, Map<String, String> labels) {
    if (value != null) {
      try {
        sink.sample(metric, Double.parseDouble(value), labels);
      } catch (NumberFormatException e) {
        // Not a number in this Redis version: no sample.
      }
    }
  }

  /** Jedis wraps the socket error; the innermost message names the cause (timeout, refused). */
  private static String describe(Throwable e) {
    StringBuilder b = new StringBuilder(String.valueOf(e.getMessage()));
    Throwable c = e.getCause();
    while (c != null) {
      if (c.getMessage() != null && !b.toString().contains(c.getMessage())) {
        b.append(" (")
            .append(c.getClass().getSimpleName())
            .append(": ")
            .append(c.getMessage())
            .append(")");
      }
      c = c.getCause();
    }
    return b.toString();
  }
}
