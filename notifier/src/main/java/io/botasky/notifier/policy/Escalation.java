package io.botasky.notifier.policy;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The parsed escalation file: contacts by name, policies in file order and the fallback {@code
 * [policy default]}; {@code maintenance} are its {@code [maintenance NAME]} windows in file order;
 * {@code dependencies} its {@code [dependency NAME]} sections in file order.
 */
public record Escalation(
    Map<String, Contact> contacts,
    List<Policy> policies,
    Policy defaultPolicy,
    Tuning tuning,
    List<MaintenanceWindow> maintenance,
    List<Dependency> dependencies) {
  public Escalation {
    contacts = Map.copyOf(contacts);
    policies = List.copyOf(policies);
    maintenance = List.copyOf(maintenance);
    dependencies = List.copyOf(dependencies);
  }

  /** Without {@code [maintenance …]} or {@code [dependency NAME]} sections. */
  public Escalation(
      Map<String, Contact> contacts, List<Policy> policies, Policy defaultPolicy, Tuning tuning) {
    this(contacts, policies, defaultPolicy, tuning, List.of(), List.of());
  }

  /** The first policy in file order whose {@code match} holds, else the default, else empty. */
  public Optional<Policy> policyFor(AlertFacts alert) {
    for (Policy p : policies) {
      if (p.matches(alert)) {
        return Optional.of(p);
      }
    }
    return Optional.ofNullable(defaultPolicy);
  }

  public Optional<Policy> policy(String name) {
    if (defaultPolicy != null && defaultPolicy.name().equals(name)) {
      return Optional.of(defaultPolicy);
    }
    return policies.stream().filter(p -> p.name().equals(name)).findFirst();
  }
}
