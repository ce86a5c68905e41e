package io.botasky.admin;

import com.fasterxml.jackson.databind.JsonNode;
import io.botasky.common.text.SafeText;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code botasky ack ID [--by WHO] [--comment TEXT]}. */
@Command(
    name = "ack",
    mixinStandardHelpOptions = true,
    description = "acknowledge a firing alert: stops its escalation")
final class AckCommand implements Callable<Integer> {
  @ParentCommand BotaskyCommand top;

  @Parameters(paramLabel = "ID")
  long id;

  @Option(names = "--by", description = "who acks (default: $USER)")
  String by;

  @Option(names = "--comment")
  String comment;

  @Override
  public Integer call() {
    return top.call(
        api -> {
          Map<String, Object> body = new LinkedHashMap<>();
          body.put("by", by != null ? by : System.getProperty("user.name", "admin"));
          if (comment != null) {
            body.put("comment", comment);
          }
          JsonNode a = api.post("/api/v1/alerts/" + id + "/ack", body).path("alert");
          if (top.json) {
            top.printJson(a);
          } else {
            top.out.println(
                SafeText.line(
                    "alert "
                        + id
                        + " "
                        + a.path("state").asText()
                        + " by "
                        + a.path("acked_by").asText()));
            top.out.flush();
          }
          return 0;
        });
  }
}
