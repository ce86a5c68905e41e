package io.botasky.collector.ingest;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/** Fans a change out to every listener (Redis wake-up, the live page feed). */
public final class AlertListeners implements AlertListener {
  private final List<AlertListener> listeners = new CopyOnWriteArrayList<>();

  public void add(AlertListener l) {
    listeners.add(l);
  }

  @Override
  public void changed(Set<Long> alertIds) {
    for (AlertListener l : listeners) {
      l.changed(alertIds);
    }
  }
}
