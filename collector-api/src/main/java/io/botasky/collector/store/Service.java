package io.botasky.collector.store;

import io.botasky.common.wire.ServiceEntry;

/**
 * One service of a host as the collector holds it (docs/collector.md, "Service inventory"): the
 * agent's latest entry (its {@code lastCheck} kept current by every heartbeat), its place in the
 * agent's list, when the collector first stored it, and what the collector derived from it.
 */
public record Service(String host, ServiceEntry entry, int pos, long firstSeen, Derived derived) {
  /**
   * What {@link ServiceStateDecider} made of the service, and {@code since} when its state last
   * changed (collector clock).
   */
  public record Derived(String state, long since, boolean acked, String summary) {}

  public String resource() {
    return entry.resource();
  }

  public String instance() {
    return entry.instance();
  }

  /** The identity of a service within its host. */
  public Key key() {
    return new Key(entry.resource(), entry.instance());
  }

  /** A service's identity within its host: resource and instance. */
  public record Key(String resource, String instance) {
    public static Key of(ServiceEntry e) {
      return new Key(e.resource(), e.instance());
    }
  }

  public Service withEntry(ServiceEntry e, int newPos) {
    return new Service(host, e, newPos, firstSeen, derived);
  }

  public Service withDerived(Derived d) {
    return new Service(host, entry, pos, firstSeen, d);
  }
}
