package io.botasky.agent.probe.mysql;

import java.time.Duration;

/**
 * The settings of one {@code [mysql:NAME]} section.
 *
 * @param role {@code primary}, {@code replica} or {@code auto} (a replica is a server with a {@code
 *     SHOW REPLICA STATUS} row)
 * @param checkProcess whether to look for the server process in /proc (only for a local host)
 */
public record MysqlSettings(
    String host,
    int port,
    String user,
    String password,
    String role,
    LagLimits lag,
    Duration connectTimeout,
    Duration timeout,
    boolean checkProcess) {}
