package io.botasky.collector.inventory;

import io.botasky.collector.store.HostInventory;
import io.botasky.collector.store.Service;
import io.botasky.common.wire.ServiceEntry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What one heartbeat's inventory does to a host's services (docs/api.md, "Service inventory"),
 * without a database: the full form replaces the list, the short form applies only on the base the
 * collector holds. Only rows whose fields other than the last check changed are written; the checks
 * themselves go to the host row.
 */
public final class InventoryPlanner {
  private InventoryPlanner() {}

  /**
   * @param applied false when a short form did not apply (the agent is answered {@code resend})
   * @param after the host's inventory once committed ({@code before} when not applied)
   * @param writes rows to insert or update
   * @param removed services no longer listed: their rows are deleted, their open alerts resolved
   */
  public record Plan(
      boolean applied, HostInventory after, List<Service> writes, List<Service> removed) {}

  public static Plan plan(String host, InventoryUpdate u, HostInventory before, long now) {
    return u.full() ? full(host, u, before, now) : shortForm(u, before);
  }

  private static Plan full(String host, InventoryUpdate u, HostInventory before, long now) {
    Map<Service.Key, Service> old = new LinkedHashMap<>();
    before.services().forEach(s -> old.put(s.key(), s));
    List<Service> after = new ArrayList<>();
    List<Service> writes = new ArrayList<>();
    for (int pos = 0; pos < u.services().size(); pos++) {
      ServiceEntry e = u.services().get(pos).withoutIndex();
      Service prev = old.remove(Service.Key.of(e));
      Service s;
      if (prev == null) {
        s = new Service(host, e, pos, now, initial(e, now));
        writes.add(s);
      } else {
        s = prev.withEntry(e, pos);
        if (pos != prev.pos() || !e.sameAsideFromCheck(prev.entry())) {
          writes.add(s);
        }
      }
      after.add(s);
    }
    return new Plan(
        true, new HostInventory(u.servicesHash(), after), writes, List.copyOf(old.values()));
  }

  private static Plan shortForm(InventoryUpdate u, HostInventory before) {
    List<Service> cur = before.services();
    if (!Objects.equals(before.hash(), u.baseHash()) || u.checks().size() != cur.size()) {
      return new Plan(false, before, List.of(), List.of());
    }
    Map<Integer, ServiceEntry> changed = new HashMap<>();
    for (ServiceEntry c : u.changed()) {
      Service at = cur.get(c.i());
      if (!at.resource().equals(c.resource()) || !at.instance().equals(c.instance())) {
        return new Plan(false, before, List.of(), List.of());
      }
      changed.put(c.i(), c.withoutIndex());
    }
    List<Service> after = new ArrayList<>(cur.size());
    List<Service> writes = new ArrayList<>();
    for (int i = 0; i < cur.size(); i++) {
      Service s = cur.get(i);
      ServiceEntry e = changed.getOrDefault(i, s.entry());
      e = withCheck(e, u.checks().get(i));
      Service next = s.withEntry(e, i);
      if (changed.containsKey(i) && !e.sameAsideFromCheck(s.entry())) {
        writes.add(next);
      }
      after.add(next);
    }
    return new Plan(true, new HostInventory(u.servicesHash(), after), writes, List.of());
  }

  /**
   * What a service shows until the next derivation (within a second): the agent's own state, since
   * now.
   */
  static Service.Derived initial(ServiceEntry e, long now) {
    return new Service.Derived(e.state(), now, false, e.summary());
  }

  private static ServiceEntry withCheck(ServiceEntry e, long lastCheck) {
    return new ServiceEntry(
        e.i(),
        e.resource(),
        e.instance(),
        e.group(),
        e.state(),
        e.summary(),
        lastCheck,
        e.interval(),
        e.actions(),
        e.protectedService());
  }
}
