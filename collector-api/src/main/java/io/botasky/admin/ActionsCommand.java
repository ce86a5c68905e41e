package io.botasky.admin;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code botasky actions [--host H] [--state S] [--json]} (docs/reference.md). */
@Command(
    name = "actions",
    mixinStandardHelpOptions = true,
    description = "list controlled actions, newest first")
final class ActionsCommand implements Callable<Integer> {
  @ParentCommand BotaskyCommand top;

  @Option(names = "--host")
  String host;

  @Option(
      names = "--state",
      description = "pending, running, succeeded, failed, timed_out, expired or refused")
  String state;

  @Option(names = "--limit", defaultValue = "100")
  int limit;

  @Option(names = "--json", description = "print the API's JSON")
  boolean json;

  @Override
  public Integer call() {
    return top.call(
        api -> {
          Map<String, String> q = new LinkedHashMap<>();
          q.put("host", host);
          q.put("state", state);
          q.put("limit", String.valueOf(limit));
          JsonNode r = api.get("/api/v1/actions", q);
          if (json || top.json) {
            top.printJson(r);
            return 0;
          }
          Table t =
              new Table(
                  "ID",
                  "STATE",
                  "HOST",
                  "RESOURCE:INSTANCE",
                  "ACTION",
                  "BY",
                  "REQUESTED",
                  "FINISHED",
                  "EXIT",
                  "REASON");
          for (JsonNode a : r.path("actions")) {
            t.row(
                a.path("id").asLong(),
                a.path("state").asText(),
                a.path("host").asText(),
                a.path("instance").asText().isEmpty()
                    ? a.path("resource").asText()
                    : a.path("resource").asText() + ":" + a.path("instance").asText(),
                a.path("action").asText(),
                a.path("by").asText(),
                a.path("requested_at").asText(),
                a.path("finished_at").isNull() ? "-" : a.path("finished_at").asText(),
                a.path("exit_code").isNull() ? "-" : a.path("exit_code").asText(),
                a.path("reason").asText(""));
          }
          t.print(top.out);
          return 0;
        });
  }
}
