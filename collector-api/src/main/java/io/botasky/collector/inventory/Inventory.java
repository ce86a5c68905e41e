package io.botasky.collector.inventory;

import io.botasky.collector.store.HostInventory;
import io.botasky.collector.store.Service;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * The service inventory in memory (docs/collector.md, "Service inventory"), loaded from the
 * database at start: the base a short-form heartbeat is checked against (agents send serially, so
 * the partition of a host is its only writer), and what /api/v1/services and /api/v1/tree serve.
 * The host's partition replaces a host's list after its commit; the ticker replaces derived states.
 * Each change of one host is atomic, so neither loses the other's.
 */
public final class Inventory {
  private final Map<String, HostInventory> hosts = new ConcurrentHashMap<>();

  /** Seeds the inventory read at start. */
  public void load(Map<String, HostInventory> stored) {
    hosts.putAll(stored);
  }

  /** A host's inventory; empty when it has none. */
  public HostInventory get(String host) {
    return hosts.getOrDefault(host, HostInventory.EMPTY);
  }

  /**
   * Replaces a host's list after a commit, keeping the derived state the ticker holds for each
   * service that stays.
   */
  public void put(String host, HostInventory after) {
    hosts.compute(
        host,
        (h, cur) -> {
          if (cur == null) {
            return after;
          }
          Map<Service.Key, Service.Derived> derived = new HashMap<>();
          cur.services().forEach(s -> derived.put(s.key(), s.derived()));
          List<Service> list = new ArrayList<>(after.services().size());
          for (Service s : after.services()) {
            Service.Derived d = derived.get(s.key());
            list.add(d == null ? s : s.withDerived(d));
          }
          return new HostInventory(after.hash(), list);
        });
  }

  /**
   * Replaces a host's inventory with {@code change} of it, atomically, if it has one (the latest
   * checks another collector stored, docs/collector.md "Several collectors").
   */
  public void update(String host, UnaryOperator<HostInventory> change) {
    hosts.computeIfPresent(host, (h, cur) -> change.apply(cur));
  }

  /** Forgets a host (retention). */
  public void remove(String host) {
    hosts.remove(host);
  }

  /** Every service, by host then in its agent's order. */
  public List<Service> all() {
    List<Service> out = new ArrayList<>();
    hosts.values().forEach(h -> out.addAll(h.services()));
    out.sort(Comparator.comparing(Service::host).thenComparingInt(Service::pos));
    return out;
  }

  /**
   * Derives every service anew with {@code decide}; returns those whose derived value changed (as
   * they are now).
   */
  public List<Service> rederive(Function<Service, Service.Derived> decide) {
    List<Service> changed = new ArrayList<>();
    for (String host : List.copyOf(hosts.keySet())) {
      hosts.computeIfPresent(
          host,
          (h, cur) -> {
            List<Service> list = new ArrayList<>(cur.services().size());
            boolean any = false;
            for (Service s : cur.services()) {
              Service.Derived d = decide.apply(s);
              if (d.equals(s.derived())) {
                list.add(s);
              } else {
                Service next = s.withDerived(d);
                list.add(next);
                changed.add(next);
                any = true;
              }
            }
            return any ? new HostInventory(cur.hash(), list) : cur;
          });
    }
    return changed;
  }
}
