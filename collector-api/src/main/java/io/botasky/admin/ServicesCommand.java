package io.botasky.admin;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code botasky services [--host H] [--state S] [--group G]} (docs/reference.md). */
@Command(
    name = "services",
    mixinStandardHelpOptions = true,
    description = "list every service of every host with its state")
final class ServicesCommand implements Callable<Integer> {
  @ParentCommand BotaskyCommand top;

  @Option(names = "--host")
  String host;

  @Option(names = "--state", description = "ok, warning, critical, unknown or stale")
  String state;

  @Option(names = "--group", description = "a group and everything below it; ungrouped = none")
  String group;

  @Override
  public Integer call() {
    return top.call(
        api -> {
          Map<String, String> q = new LinkedHashMap<>();
          q.put("host", host);
          q.put("state", state);
          q.put("group", group);
          JsonNode r = api.get("/api/v1/services", q);
          if (top.json) {
            top.printJson(r);
            return 0;
          }
          Table t = new Table("STATE", "HOST", "SERVICE", "GROUP", "SINCE", "SUMMARY");
          for (JsonNode s : r.path("services")) {
            String st = s.path("state").asText().toUpperCase(Locale.ROOT);
            t.row(
                s.path("acked").asBoolean() ? st + " (acked)" : st,
                s.path("host").asText(),
                TreeCommand.name(s),
                s.path("group").asText().isEmpty() ? "-" : s.path("group").asText(),
                s.path("since").asText(),
                s.path("summary").asText());
          }
          t.print(top.out);
          return 0;
        });
  }
}
