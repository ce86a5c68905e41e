package io.botasky.admin;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code botasky notifications [--alert ID]}: the notifier's ledger. */
@Command(
    name = "notifications",
    mixinStandardHelpOptions = true,
    description = "show the notification ledger")
final class NotificationsCommand implements Callable<Integer> {
  @ParentCommand BotaskyCommand top;

  @Option(names = "--alert", paramLabel = "ID")
  Long alert;

  @Option(names = "--limit", defaultValue = "100")
  int limit;

  @Override
  public Integer call() {
    return top.call(
        api -> {
          Map<String, String> q = new LinkedHashMap<>();
          q.put("alert", alert == null ? null : alert.toString());
          q.put("limit", String.valueOf(limit));
          JsonNode r = api.get("/api/v1/notifications", q);
          if (top.json) {
            top.printJson(r);
            return 0;
          }
          Table t =
              new Table(
                  "ID",
                  "ALERT",
                  "STEP",
                  "CHANNEL",
                  "TARGET",
                  "STATUS",
                  "ATTEMPTS",
                  "SENT",
                  "LAST ERROR");
          for (JsonNode n : r.path("notifications")) {
            t.row(
                n.path("id").asLong(),
                n.path("alert_id").asLong(),
                n.path("step").asInt(),
                n.path("channel").asText(),
                n.path("target").asText(),
                n.path("status").asText(),
                n.path("attempts").asInt(),
                n.path("sent_at").asText(null),
                n.path("last_error").asText(null));
          }
          t.print(top.out);
          return 0;
        });
  }
}
