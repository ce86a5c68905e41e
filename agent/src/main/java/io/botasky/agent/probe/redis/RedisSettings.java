package io.botasky.agent.probe.redis;

import java.time.Duration;

/**
 * The settings of one {@code [redis:NAME]} section.
 *
 * @param role {@code master}, {@code replica} or {@code auto} (from {@code INFO}'s {@code role})
 * @param expectReplicas a master with fewer connected replicas raises {@code replica_missing}
 * @param lagBytesWarning replica offset behind its master's at which {@code replication_lag} warns
 * @param lagBytesCritical likewise critical
 * @param lagSeconds {@code master_last_io_seconds_ago} at which {@code replication_lag} warns
 */
public record RedisSettings(
    String host,
    int port,
    String password,
    String role,
    int expectReplicas,
    long lagBytesWarning,
    long lagBytesCritical,
    Duration lagSeconds,
    Duration connectTimeout,
    Duration timeout,
    boolean checkProcess) {}
