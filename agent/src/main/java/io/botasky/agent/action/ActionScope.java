package io.botasky.agent.action;

import io.botasky.agent.inventory.ConfiguredService;
import java.util.List;

/**
 * What of the configuration in force a requested or scheduled action is checked against
 * (docs/agent.md, "Controlled actions"): the services with their action keys, and {@code [agent]}'s
 * {@code allow_power}. The wiring hands the client a supplier of it, read anew for each action, so
 * a reload applies to the next one.
 */
public record ActionScope(List<ConfiguredService> services, boolean allowPower) {}
