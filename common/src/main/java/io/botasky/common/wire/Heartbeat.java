package io.botasky.common.wire;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * Body of {@code POST /api/v1/heartbeat}. {@code sysinfo} is free-form; the collector reads one key
 * from it, {@value #VIPS_HELD} (a list of VIP strings), for the keepalived split-brain rule.
 *
 * <p>The host's services (docs/api.md, "Service inventory") come in one of two forms, both carrying
 * {@code servicesHash}, the hash of the agent's current list without the times of the checks:
 *
 * <ul>
 *   <li>full: {@code services}, every service in the agent's order; the collector replaces the
 *       host's inventory with it;
 *   <li>short: {@code baseHash}, the hash the collector last answered; {@code checks}, the time of
 *       each service's latest check in list order; {@code changed}, the entries (with their index
 *       {@code i}) that differ from that base apart from their check time. The collector applies it
 *       only when it holds {@code baseHash}, and otherwise answers {@code "resend": true}.
 * </ul>
 *
 * All five are null for an agent that reports no inventory; the collector then leaves it as it is.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Heartbeat(
    String host,
    String agentVersion,
    Map<String, Object> sysinfo,
    String servicesHash,
    List<ServiceEntry> services,
    String baseHash,
    List<Long> checks,
    List<ServiceEntry> changed) {
  public static final String VIPS_HELD = "vips_held";

  /** A heartbeat without the inventory. */
  public Heartbeat(String host, String agentVersion, Map<String, Object> sysinfo) {
    this(host, agentVersion, sysinfo, null, null, null, null, null);
  }
}
