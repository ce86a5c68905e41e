package io.botasky.collector.ingest;

import io.botasky.collector.inventory.HostLiveness;
import java.util.Set;

/** What the collector knows of a host between heartbeats. */
public record HostState(long lastSeen, boolean down, Set<String> vipsHeld)
    implements HostLiveness {}
