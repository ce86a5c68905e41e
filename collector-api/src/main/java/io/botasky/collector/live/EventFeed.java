package io.botasky.collector.live;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.botasky.collector.http.EventStream;
import io.botasky.collector.ingest.AlertListener;
import io.botasky.collector.ingest.HeartbeatListener;
import io.botasky.collector.inventory.ServiceView;
import io.botasky.collector.store.AlertQueries;
import io.botasky.collector.store.LogStore;
import io.botasky.common.lifecycle.NamedThreadFactory;
import io.botasky.common.wire.AlertView;
import io.botasky.common.wire.Json;
import java.sql.SQLException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The status page's live feed: after each commit, the changed alerts (event {@code alert}) and the
 * hosts that sent a heartbeat (event {@code heartbeat}, at most once a second) and new log-view
 * lines (event {@code log}) and services whose state changed (event {@code service}) are pushed to
 * every open {@code /api/v1/stream}. Work happens on its own thread, never on a writer's.
 */
public final class EventFeed implements AlertListener, HeartbeatListener, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger("feed");
  static final int MAX_SUBSCRIBERS = 256;

  /**
   * Most {@code service} events one change sends: 100 of some 250 bytes stay well within the 64 KiB
   * a subscriber's channel buffers before it counts as not reading.
   */
  static final int MAX_SERVICE_EVENTS = 100;

  private final AlertQueries alerts;
  private final Clock clock;
  private final ObjectMapper json = Json.mapper();
  private final List<EventStream> subscribers = new CopyOnWriteArrayList<>();
  private final ScheduledExecutorService executor =
      Executors.newSingleThreadScheduledExecutor(new NamedThreadFactory("pihealthd-feed", true));
  private final Set<String> beats = new TreeSet<>();

  /**
   * What was last sent of each alert, action and log line, by kind and id (only the feed's thread
   * touches it): the peer poll hands over this collector's own commits too (docs/collector.md,
   * "Several collectors"), and a view already sent goes out once.
   */
  private final Map<String, String> sent =
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
          return size() > SENT_REMEMBERED;
        }
      };

  /**
   * Views remembered for {@link #sent}: the peer poll's overlap of a storm (some 500 bytes an
   * alert; a log line, which never changes, is remembered by its id alone).
   */
  static final int SENT_REMEMBERED = 10_000;

  public EventFeed(AlertQueries alerts, Clock clock) {
    this.alerts = alerts;
    this.clock = clock;
    executor.scheduleWithFixedDelay(this::flushBeats, 1, 1, TimeUnit.SECONDS);
    executor.scheduleWithFixedDelay(this::ping, 15, 15, TimeUnit.SECONDS);
  }

  /** Adds a subscriber; false when there are too many already. */
  public boolean subscribe(EventStream s) {
    if (subscribers.size() >= MAX_SUBSCRIBERS) {
      return false;
    }
    subscribers.add(s);
    s.onClose(() -> subscribers.remove(s));
    s.send("hello", "{\"at\":\"" + clock.instant() + "\"}");
    return true;
  }

  /**
   * Whether another subscriber would pass the bound (checked before the stream is opened, for a
   * 429).
   */
  public boolean full() {
    return subscribers.size() >= MAX_SUBSCRIBERS;
  }

  @Override
  public void changed(Set<Long> alertIds) {
    if (subscribers.isEmpty()) {
      return;
    }
    executor.execute(
        () -> {
          try {
            for (AlertView a : alerts.byIds(alertIds)) {
              broadcastOnce("alert:" + a.id(), "alert", json.writeValueAsString(a));
            }
          } catch (SQLException | JsonProcessingException | RuntimeException e) {
            log.warn("feed: cannot load changed alerts {}: {}", alertIds, e.toString());
          }
        });
  }

  @Override
  public void beat(Set<String> hosts) {
    if (subscribers.isEmpty()) {
      return;
    }
    synchronized (beats) {
      beats.addAll(hosts);
    }
  }

  /** Newly stored log-view lines, one {@code log} event each (docs/api.md, "Log view"). */
  public void logs(List<LogStore.Stored> lines) {
    if (subscribers.isEmpty()) {
      return;
    }
    executor.execute(
        () -> {
          for (LogStore.Stored l : lines) {
            try {
              if (sent.put("log:" + l.id(), "") == null) {
                broadcast("log", json.writeValueAsString(l.view()));
              }
            } catch (JsonProcessingException | RuntimeException e) {
              // Debug: a warning here would be a log-view line itself, fed back to this feed.
              log.debug("feed: cannot render a log line: {}", e.toString());
            }
          }
        });
  }

  /**
   * Services that are new or whose view changed, one {@code service} event each, and services gone
   * from the inventory, one {@code service_removed} event each (docs/api.md, "Live stream"). A
   * burst of more than {@value #MAX_SERVICE_EVENTS} goes out as one {@code resync} event instead,
   * which tells a page to load the list again: thousands of events at once would overflow a
   * subscriber's send buffer, and the stream closes a subscriber that falls behind.
   */
  public void services(List<ServiceView> changed, List<ServiceView> removed) {
    if (subscribers.isEmpty() || (changed.isEmpty() && removed.isEmpty())) {
      return;
    }
    executor.execute(
        () -> {
          try {
            if (changed.size() + removed.size() > MAX_SERVICE_EVENTS) {
              broadcast(
                  "resync",
                  json.writeValueAsString(
                      Map.of("what", "services", "changed", changed.size() + removed.size())));
              return;
            }
            for (ServiceView v : changed) {
              broadcast("service", json.writeValueAsString(v));
            }
            for (ServiceView v : removed) {
              broadcast(
                  "service_removed",
                  json.writeValueAsString(
                      Map.of(
                          "host", v.host(), "resource", v.resource(), "instance", v.instance())));
            }
          } catch (JsonProcessingException | RuntimeException e) {
            log.warn("feed: cannot render services: {}", e.toString());
          }
        });
  }

  /** A controlled action that changed, one {@code action} event (docs/api.md, "Live stream"). */
  public void action(Map<String, Object> view) {
    if (subscribers.isEmpty()) {
      return;
    }
    executor.execute(
        () -> {
          try {
            broadcastOnce("action:" + view.get("id"), "action", json.writeValueAsString(view));
          } catch (JsonProcessingException | RuntimeException e) {
            log.warn("feed: cannot render an action: {}", e.toString());
          }
        });
  }

  private void flushBeats() {
    Set<String> hosts;
    synchronized (beats) {
      if (beats.isEmpty()) {
        return;
      }
      hosts = new TreeSet<>(beats);
      beats.clear();
    }
    try {
      broadcast(
          "heartbeat",
          json.writeValueAsString(Map.of("hosts", hosts, "at", clock.instant().toString())));
    } catch (JsonProcessingException e) {
      log.warn("feed: cannot render heartbeats: {}", e.toString());
    }
  }

  private void ping() {
    subscribers.removeIf(s -> !s.ping());
  }

  /** Broadcasts unless {@code data} is what was last sent under {@code key}. */
  private void broadcastOnce(String key, String event, String data) {
    if (data.equals(sent.put(key, data))) {
      return;
    }
    broadcast(event, data);
  }

  private void broadcast(String event, String data) {
    subscribers.removeIf(s -> !s.send(event, data));
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
