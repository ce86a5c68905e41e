package io.botasky.collector.live;

import java.util.Set;

/** Told, after commit, which hosts just sent a heartbeat. */
@FunctionalInterface
public interface HeartbeatListener {
  void beat(Set<String> hosts);
}
