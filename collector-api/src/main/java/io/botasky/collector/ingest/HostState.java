package io.botasky.collector.ingest;

import java.util.Set;

/** What the collector knows of a host between heartbeats. */
public record HostState(long lastSeen, boolean down, Set<String> vipsHeld) {}
