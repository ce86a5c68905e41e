package io.botasky.collector.inventory;

import io.botasky.common.wire.ServiceEntry;
import java.util.List;

/**
 * The validated inventory part of one heartbeat (docs/api.md, "Service inventory"): either the full
 * list ({@code services}) or the short form ({@code baseHash}, {@code checks}, {@code changed}).
 *
 * @param servicesHash the agent's hash of its current list, 16 lowercase hex digits
 * @param services the full list in the agent's order; null for the short form
 * @param baseHash the hash the short form builds on; null for the full form
 * @param checks the time of each service's latest check, list order; null for the full form
 * @param changed the entries that differ from the base apart from their check, each with its index
 *     {@code i}; null for the full form
 */
public record InventoryUpdate(
    String servicesHash,
    List<ServiceEntry> services,
    String baseHash,
    List<Long> checks,
    List<ServiceEntry> changed) {
  public boolean full() {
    return services != null;
  }
}
