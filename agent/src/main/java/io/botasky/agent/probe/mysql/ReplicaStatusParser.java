package io.botasky.agent.probe.mysql;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads one row of {@code SHOW REPLICA STATUS} (or {@code SHOW SLAVE STATUS}) given as column name
 * to value (null for SQL NULL). MariaDB (10.11 too) keeps the old names ({@code Slave_IO_Running},
 * {@code Seconds_Behind_Master}, {@code Master_Host}); MySQL 8.0.22+ says {@code
 * Replica_IO_Running}, {@code Seconds_Behind_Source}, {@code Source_Host}. Both are accepted.
 */
public final class ReplicaStatusParser {
  private ReplicaStatusParser() {}

  public static ReplicaStatus parse(Map<String, String> row) {
    Map<String, String> r = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    r.putAll(row);
    return new ReplicaStatus(
        first(r, "Replica_IO_Running", "Slave_IO_Running"),
        first(r, "Replica_SQL_Running", "Slave_SQL_Running"),
        number(first(r, "Seconds_Behind_Source", "Seconds_Behind_Master")),
        first(r, "Source_Host", "Master_Host"),
        upTo(number(first(r, "Source_Port", "Master_Port")), 65535),
        upTo(number(first(r, "Last_IO_Errno")), Integer.MAX_VALUE),
        orEmpty(first(r, "Last_IO_Error")),
        upTo(number(first(r, "Last_SQL_Errno")), Integer.MAX_VALUE),
        orEmpty(first(r, "Last_SQL_Error")),
        orEmpty(first(r, "Replica_IO_State", "Slave_IO_State")));
  }

  private static String first(Map<String, String> r, String... names) {
    for (String n : names) {
      if (r.containsKey(n)) {
        return r.get(n);
      }
    }
    return null;
  }

  private static Long number(String v) {
    if (v == null || v.isBlank() || v.toUpperCase(Locale.ROOT).equals("NULL")) {
      return null;
    }
    String s = v.strip();
    // The server writes unsigned decimals; Long.parseLong would also take a sign and non-ASCII
    // digits.
    if (!s.matches("[0-9]{1,18}")) {
      return null;
    }
    return Long.parseLong(s);
  }

  /**
   * The value when it is at most {@code max}, else 0 (unknown): a cast would wrap 65536 to port 0
   * or 4294967296 to errno 0.
   */
  private static int upTo(Long v, int max) {
    return v == null || v > max ? 0 : (int) (long) v;
  }

  private static String orEmpty(String v) {
    return v == null ? "" : v;
  }
}
