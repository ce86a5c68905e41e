package io.botasky.admin;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code botasky hosts}. */
@Command(name = "hosts", mixinStandardHelpOptions = true, description = "list hosts, alive or down")
final class HostsCommand implements Callable<Integer> {
  @ParentCommand BotaskyCommand top;

  @Override
  public Integer call() {
    return top.call(
        api -> {
          JsonNode r = api.get("/api/v1/hosts", Map.of());
          if (top.json) {
            top.printJson(r);
            return 0;
          }
          Table t = new Table("HOST", "ALIVE", "LAST SEEN", "AGENT");
          for (JsonNode h : r.path("hosts")) {
            t.row(
                h.path("host").asText(),
                h.path("alive").asBoolean() ? "yes" : "DOWN",
                h.path("last_seen").asText(null),
                h.path("agent_version").asText(null));
          }
          t.print(top.out);
          return 0;
        });
  }
}
