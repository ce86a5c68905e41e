package io.botasky.agent.probe.mysql;

/**
 * The replication facts of one {@code SHOW REPLICA STATUS} row, whatever the server calls them.
 *
 * @param ioRunning {@code Yes}, {@code No} or {@code Connecting}
 * @param sqlRunning {@code Yes} or {@code No}
 * @param lagSeconds {@code Seconds_Behind_Master}/{@code Seconds_Behind_Source}; null when the
 *     server says NULL (a thread is down, or the replica does not know)
 */
public record ReplicaStatus(
    String ioRunning,
    String sqlRunning,
    Long lagSeconds,
    String masterHost,
    int masterPort,
    int lastIoErrno,
    String lastIoError,
    int lastSqlErrno,
    String lastSqlError,
    String ioState) {

  public boolean ioUp() {
    return "Yes".equalsIgnoreCase(ioRunning);
  }

  public boolean sqlUp() {
    return "Yes".equalsIgnoreCase(sqlRunning);
  }
}
