package io.botasky.collector.inventory;

import io.botasky.collector.store.AlertQueries;
import io.botasky.common.wire.AlertState;
import io.botasky.common.wire.AlertView;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The open alerts of every host in memory, for the service states (docs/collector.md, "Service
 * states"): all of them read at start, then the alerts each commit changed, read by the inventory
 * ticker on its own thread (never on a writer's).
 */
public final class OpenAlerts {
  /** Where the alerts are read: {@link AlertQueries} (a test gives its own). */
  public interface Source {
    List<AlertView> open() throws SQLException;

    List<AlertView> byIds(Collection<Long> ids) throws SQLException;
  }

  private final Source queries;
  private final Map<String, Map<Long, AlertView>> byHost = new ConcurrentHashMap<>();
  private final Set<Long> pending = ConcurrentHashMap.newKeySet();

  public OpenAlerts(Source queries) {
    this.queries = queries;
  }

  public OpenAlerts(AlertQueries queries) {
    this(
        new Source() {
          @Override
          public List<AlertView> open() throws SQLException {
            return queries.open();
          }

          @Override
          public List<AlertView> byIds(Collection<Long> ids) throws SQLException {
            return queries.byIds(ids);
          }
        });
  }

  /** Reads every open alert (at start, before the writers run). */
  public void load() throws SQLException {
    byHost.clear();
    apply(queries.open());
  }

  /** Told after each commit which alerts changed (registered as an alert listener). */
  public void changed(Set<Long> alertIds) {
    pending.addAll(alertIds);
  }

  /** Reads the alerts changed since the last refresh. */
  public void refresh() throws SQLException {
    if (pending.isEmpty()) {
      return;
    }
    List<Long> ids = new ArrayList<>(pending);
    pending.removeAll(ids);
    try {
      apply(queries.byIds(ids));
    } catch (SQLException | RuntimeException e) {
      pending.addAll(ids);
      throw e;
    }
  }

  /** The open alerts of {@code host}. */
  public List<AlertView> of(String host) {
    Map<Long, AlertView> m = byHost.get(host);
    return m == null ? List.of() : List.copyOf(m.values());
  }

  private void apply(List<AlertView> alerts) {
    for (AlertView a : alerts) {
      if (a.state() == AlertState.RESOLVED) {
        byHost.computeIfPresent(
            a.host(),
            (h, m) -> {
              m.remove(a.id());
              return m.isEmpty() ? null : m;
            });
      } else {
        byHost.computeIfAbsent(a.host(), h -> new ConcurrentHashMap<>()).put(a.id(), a);
      }
    }
  }
}
