package io.botasky.admin;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code botasky silences}: the active silences. */
@Command(name = "silences", mixinStandardHelpOptions = true, description = "list active silences")
final class SilencesCommand implements Callable<Integer> {
  @ParentCommand BotaskyCommand top;

  @Override
  public Integer call() {
    return top.call(
        api -> {
          JsonNode r = api.get("/api/v1/silences", Map.of());
          if (top.json) {
            top.printJson(r);
            return 0;
          }
          Table t = new Table("ID", "HOST", "RESOURCE", "CHECK", "ENDS", "BY", "COMMENT");
          for (JsonNode s : r.path("silences")) {
            t.row(
                s.path("id").asLong(),
                s.path("host").asText(),
                s.path("resource").asText(null),
                s.path("check").asText(null),
                s.path("ends_at").asText(),
                s.path("created_by").asText(null),
                s.path("comment").asText());
          }
          t.print(top.out);
          return 0;
        });
  }
}
