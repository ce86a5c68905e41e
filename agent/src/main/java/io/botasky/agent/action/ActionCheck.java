package io.botasky.agent.action;

import io.botasky.agent.inventory.ConfiguredService;
import java.time.Duration;
import java.util.List;

/**
 * Whether the agent's configuration, as it is now, allows an action (docs/agent.md, "Controlled
 * actions"): the collector only names an action, and the agent runs nothing its own configuration
 * does not offer at that moment. Pure: returns the argv to run, or the reason of the refusal.
 */
public final class ActionCheck {
  private ActionCheck() {}

  static final String BUSY = "another action is running on this service";

  /**
   * The decision: {@code argv} and {@code timeout} to run, or {@code refusal} (then argv is empty).
   */
  public record Decision(List<String> argv, Duration timeout, String refusal) {
    public boolean allowed() {
      return refusal == null;
    }

    static Decision refuse(String reason) {
      return new Decision(List.of(), Duration.ZERO, reason);
    }
  }

  /**
   * @param services the services of the configuration in force
   * @param allowPower {@code allow_power} of {@code [agent]}
   * @param busy whether an action of that service is running now
   */
  public static Decision decide(
      List<ConfiguredService> services,
      boolean allowPower,
      String resource,
      String instance,
      String action,
      boolean busy) {
    ConfiguredService service =
        services.stream()
            .filter(s -> s.resource().equals(resource) && s.instance().equals(instance))
            .findFirst()
            .orElse(null);
    if (service == null) {
      return Decision.refuse("no service " + resource + ":" + instance + " in the agent's config");
    }
    if (service.keys().protectedService()) {
      return Decision.refuse("the service is protected: no action, ever");
    }
    List<String> argv = service.keys().actions().get(action);
    if (argv == null) {
      return Decision.refuse("the service does not offer the action " + action);
    }
    if (resource.equals("system") && !allowPower) {
      return Decision.refuse("an action of [system] needs allow_power = true in [agent]");
    }
    if (busy) {
      return Decision.refuse(BUSY);
    }
    return new Decision(argv, service.keys().actionTimeout(), null);
  }
}
