package io.botasky.agent;

import io.botasky.agent.probe.ScheduledProbe;
import io.botasky.common.config.Problem;
import java.util.List;

/**
 * A colConfig.ini that passed validation: settings, the probes to run, and the warnings to show.
 */
public record LoadedConfig(
    AgentSettings settings, List<ScheduledProbe> probes, List<Problem> warnings) {}
