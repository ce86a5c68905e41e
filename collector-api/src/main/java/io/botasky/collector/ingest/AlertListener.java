package io.botasky.collector.ingest;

import java.util.Set;

/** Told, after commit, which alerts changed (the notifier wake-up, the live page feed). */
@FunctionalInterface
public interface AlertListener {
  void changed(Set<Long> alertIds);
}
