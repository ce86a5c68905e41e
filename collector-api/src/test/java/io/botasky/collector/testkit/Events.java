package io.botasky.collector.testkit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Builders for request bodies as an agent sends them. */
public final class Events {
  private Events() {}

  public static Map<String, Object> event(
      String resource,
      String instance,
      String check,
      String state,
      String severity,
      String summary) {
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("event_id", UUID.randomUUID().toString());
    e.put("resource", resource);
    e.put("instance", instance);
    e.put("check", check);
    e.put("state", state);
    e.put("severity", severity);
    e.put("value", 42.5);
    e.put("threshold", 30.0);
    e.put("summary", summary);
    e.put("details", Map.of("source", "test"));
    e.put("observed_at", "2026-11-21T10:00:00.123Z");
    return e;
  }

  public static Map<String, Object> body(String host, List<Map<String, Object>> events) {
    Map<String, Object> b = new LinkedHashMap<>();
    b.put("host", host);
    b.put("events", new ArrayList<>(events));
    return b;
  }

  public static Map<String, Object> body(String host, Map<String, Object> event) {
    return body(host, List.of(event));
  }
}
