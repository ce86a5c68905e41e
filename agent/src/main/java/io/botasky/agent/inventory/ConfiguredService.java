package io.botasky.agent.inventory;

import io.botasky.agent.probe.ScheduledProbe;
import java.util.List;
import java.util.Set;

/**
 * One probe section as a service of its host (docs/agent.md, "Service inventory"): its identity,
 * its service keys and the probes it runs ({@code [system]} runs several).
 */
public record ConfiguredService(
    String resource, String instance, ServiceKeys keys, List<ScheduledProbe> probes) {

  /** Section types that are one per host: their service's instance is {@code ""}. */
  private static final Set<String> SINGLE = Set.of("system", "keepalived", "network");

  /**
   * The service of a section (docs/api.md, "Service inventory"): {@code [redis:6379]} is ({@code
   * redis}, {@code 6379}); the four MooseFS sections are resource {@code mfs} with the section name
   * as instance; {@code [system]}, {@code [keepalived]} and {@code [network]} have instance {@code
   * ""}.
   */
  public static ConfiguredService of(
      String type, String sectionInstance, ServiceKeys keys, List<ScheduledProbe> probes) {
    if (type.startsWith("mfs")) {
      return new ConfiguredService("mfs", type, keys, List.copyOf(probes));
    }
    String instance = SINGLE.contains(type) || sectionInstance == null ? "" : sectionInstance;
    return new ConfiguredService(type, instance, keys, List.copyOf(probes));
  }
}
