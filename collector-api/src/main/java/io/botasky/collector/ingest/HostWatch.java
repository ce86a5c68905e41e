package io.botasky.collector.ingest;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Which hosts just went silent: a pure function of their states, the time and the timeout. */
public final class HostWatch {
  private HostWatch() {}

  /**
   * Hosts not yet down whose last heartbeat is older than {@code timeoutMs}. Silence is counted
   * from {@code startedAt} at the latest, so a collector that was itself down for an hour does not
   * call every host dead the moment it starts.
   */
  public static List<String> newlySilent(
      Map<String, HostState> hosts, long now, long timeoutMs, long startedAt) {
    List<String> out = new ArrayList<>();
    hosts.forEach(
        (host, st) -> {
          if (!st.down() && now - Math.max(st.lastSeen(), startedAt) > timeoutMs) {
            out.add(host);
          }
        });
    out.sort(null);
    return out;
  }
}
