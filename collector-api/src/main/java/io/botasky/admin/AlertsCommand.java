package io.botasky.admin;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code botasky alerts [--state S] [--host H]}. */
@Command(
    name = "alerts",
    mixinStandardHelpOptions = true,
    description = "list alerts, newest first")
final class AlertsCommand implements Callable<Integer> {
  @ParentCommand BotaskyCommand top;

  @Option(names = "--state", description = "firing, acked or resolved")
  String state;

  @Option(names = "--host")
  String host;

  @Option(names = "--resource")
  String resource;

  @Option(names = "--limit", defaultValue = "100")
  int limit;

  @Override
  public Integer call() {
    return top.call(
        api -> {
          Map<String, String> q = new LinkedHashMap<>();
          q.put("state", state);
          q.put("host", host);
          q.put("resource", resource);
          q.put("limit", String.valueOf(limit));
          JsonNode r = api.get("/api/v1/alerts", q);
          if (top.json) {
            top.printJson(r);
            return 0;
          }
          Table t =
              new Table(
                  "ID",
                  "SEVERITY",
                  "STATE",
                  "HOST",
                  "RESOURCE:INSTANCE",
                  "CHECK",
                  "LAST SEEN",
                  "COUNT",
                  "ACKED BY",
                  "SUMMARY");
          for (JsonNode a : r.path("alerts")) {
            t.row(
                a.path("id").asLong(),
                a.path("severity").asText().toUpperCase(java.util.Locale.ROOT),
                a.path("state").asText(),
                a.path("host").asText(),
                a.path("instance").asText().isEmpty()
                    ? a.path("resource").asText()
                    : a.path("resource").asText() + ":" + a.path("instance").asText(),
                a.path("check").asText(),
                a.path("last_seen").asText(),
                a.path("occurrences").asInt(),
                ackedBy(a),
                a.path("summary").asText());
          }
          t.print(top.out);
          return 0;
        });
  }

  /** {@code zq}, {@code zq until 2026-11-21T14:00:00Z} for a timed ack, or {@code -}. */
  static String ackedBy(JsonNode a) {
    if (!a.path("acked_by").isTextual()) {
      return "-";
    }
    String by = a.path("acked_by").asText();
    return a.path("ack_expires_at").isTextual() && "acked".equals(a.path("state").asText())
        ? by + " until " + a.path("ack_expires_at").asText()
        : by;
  }
}
