package io.botasky.collector.inventory;

/**
 * What the service states need of a host from the host watch (docs/collector.md, "Service states"):
 * when it was last heard of, and whether it has an open host_down.
 */
public interface HostLiveness {
  long lastSeen();

  boolean down();
}
