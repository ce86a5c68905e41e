package io.botasky.collector.ingest;

import java.util.Set;

/** Told, after commit, which hosts just sent a heartbeat (the live page feed). */
@FunctionalInterface
public interface HeartbeatListener {
  void beat(Set<String> hosts);
}
