package io.botasky.agent;

import io.botasky.agent.inventory.ConfiguredService;
import io.botasky.agent.probe.ScheduledProbe;
import io.botasky.common.config.Problem;
import java.util.List;

/**
 * A colConfig.ini that passed validation: settings, the services (one per probe section, with its
 * probes), the probes to run, and the warnings to show.
 */
public record LoadedConfig(
    AgentSettings settings,
    List<ConfiguredService> services,
    List<ScheduledProbe> probes,
    List<Problem> warnings) {

  /** From the services: their probes, in the order of the file. */
  public LoadedConfig(
      AgentSettings settings, List<ConfiguredService> services, List<Problem> warnings) {
    this(
        settings,
        List.copyOf(services),
        services.stream().flatMap(s -> s.probes().stream()).toList(),
        warnings);
  }
}
