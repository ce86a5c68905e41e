package io.botasky.collector.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.botasky.collector.http.HttpError;
import io.botasky.common.alert.ValidEvent;
import io.botasky.common.wire.AlertEvent;
import io.botasky.common.wire.AlertState;
import io.botasky.common.wire.Severity;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Pattern;

/** Validates a {@code POST /api/v1/events} body; every problem is a 400 naming its field. */
public final class EventsParser {
  static final Pattern UUID =
      Pattern.compile(
          "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
  static final Pattern RESOURCE = Pattern.compile("[a-z][a-z0-9_]{0,31}");
  static final Pattern CHECK = Pattern.compile("[a-z][a-z0-9_]{0,63}");
  static final int MAX_EVENTS = 10_000;
  static final int MAX_DETAILS = 16_384;

  /** A validated body. */
  public record Parsed(String host, List<ValidEvent> events) {}

  private EventsParser() {}

  /**
   * {@code now} is the default for a missing {@code observed_at}; {@code writer} renders details.
   */
  public static Parsed parse(JsonNode root, long now, Function<JsonNode, String> writer) {
    String host = Fields.name(root, "", "host", true, 255);
    JsonNode arr = Fields.array(root, "events", MAX_EVENTS);
    List<ValidEvent> out = new ArrayList<>(arr.size());
    for (int i = 0; i < arr.size(); i++) {
      String p = "events[" + i + "]";
      JsonNode e = arr.get(i);
      if (!e.isObject()) {
        throw HttpError.badRequest(p, p + ": expected an object");
      }
      String id = Fields.matching(e, p, "event_id", UUID, "a UUID").toLowerCase(Locale.ROOT);
      String resource =
          Fields.matching(e, p, "resource", RESOURCE, "a resource name like \"mysql\"");
      String instance = Fields.name(e, p, "instance", false, 255);
      String check = Fields.matching(e, p, "check", CHECK, "a check name like \"replication_lag\"");
      String stateText = Fields.string(e, p, "state", true, 16);
      AlertState state =
          AlertState.parse(stateText)
              .filter(s -> s != AlertState.ACKED)
              .orElseThrow(
                  () ->
                      HttpError.badRequest(
                          Fields.path(p, "state"),
                          Fields.path(p, "state")
                              + ": expected firing or resolved, got \""
                              + Fields.abbreviate(stateText)
                              + "\""));
      String sevText = Fields.string(e, p, "severity", true, 16);
      Severity severity =
          Severity.parse(sevText)
              .orElseThrow(
                  () ->
                      HttpError.badRequest(
                          Fields.path(p, "severity"),
                          Fields.path(p, "severity")
                              + ": expected info, note, warning or critical, got \""
                              + Fields.abbreviate(sevText)
                              + "\""));
      Double value = Fields.number(e, p, "value", false);
      Double threshold = Fields.number(e, p, "threshold", false);
      String summary = Fields.string(e, p, "summary", false, AlertEvent.MAX_SUMMARY);
      JsonNode details = Fields.object(e, p, "details");
      String detailsJson = details == null ? null : writer.apply(details);
      if (detailsJson != null && detailsJson.length() > MAX_DETAILS) {
        throw HttpError.badRequest(
            Fields.path(p, "details"),
            Fields.path(p, "details") + ": larger than " + MAX_DETAILS + " characters");
      }
      long observed = Fields.time(e, p, "observed_at", now);
      out.add(
          new ValidEvent(
              id,
              host,
              resource,
              instance == null ? "" : instance,
              check,
              state,
              severity,
              value,
              threshold,
              summary == null ? "" : summary,
              detailsJson,
              observed));
    }
    return new Parsed(host, out);
  }
}
