package io.botasky.collector.ingest;

import io.botasky.common.alert.ValidEvent;
import io.botasky.common.wire.EventsResponse;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/** A request's events (or the collector's own), answered with accepted and duplicate counts. */
public record EventsWork(
    String host, List<ValidEvent> events, CompletableFuture<EventsResponse> done)
    implements AlertWork {
  @Override
  public int weight() {
    return Math.max(1, events.size());
  }

  @Override
  public void fail(Throwable t) {
    done.completeExceptionally(t);
  }

  /**
   * An event's column names the event that holds the longest value there ({@code
   * events[2].summary}).
   */
  @Override
  public String field(String column) {
    Function<ValidEvent, String> value =
        switch (column) {
          case "summary" -> ValidEvent::summary;
          case "instance" -> ValidEvent::instance;
          case "resource" -> ValidEvent::resource;
          case "check" -> ValidEvent::check;
          case "details" -> ValidEvent::detailsJson;
          default -> null;
        };
    if (value == null) {
      return column;
    }
    int worst = 0;
    for (int i = 1; i < events.size(); i++) {
      if (length(value.apply(events.get(i))) > length(value.apply(events.get(worst)))) {
        worst = i;
      }
    }
    return "events[" + worst + "]." + column;
  }

  private static int length(String s) {
    return s == null ? 0 : s.length();
  }
}
