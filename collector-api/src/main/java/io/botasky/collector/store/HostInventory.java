package io.botasky.collector.store;

import java.util.List;

/**
 * A host's services as the collector holds them, in the agent's order, with the agent's hash of
 * that list (docs/api.md, "Service inventory"); {@code hash} null when the agent never sent one.
 */
public record HostInventory(String hash, List<Service> services) {
  public HostInventory {
    services = List.copyOf(services);
  }

  public static final HostInventory EMPTY = new HostInventory(null, List.of());

  /** The latest check of each service, in list order, as {@code hosts.checks} stores them. */
  public String checksCsv() {
    StringBuilder b = new StringBuilder();
    for (Service s : services) {
      b.append(b.length() == 0 ? "" : ",").append(s.entry().lastCheck());
    }
    return b.toString();
  }
}
