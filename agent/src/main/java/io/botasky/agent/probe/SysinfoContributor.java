package io.botasky.agent.probe;

import java.util.Map;

/**
 * A probe that adds facts to the heartbeat's {@code sysinfo} map: the system overview, or {@code
 * vips_held} from the keepalived probe (the collector's split-brain rule reads that key).
 */
public interface SysinfoContributor {
  /** Adds this probe's latest facts; called on the delivery thread, so it must only read. */
  void contribute(Map<String, Object> sysinfo);
}
