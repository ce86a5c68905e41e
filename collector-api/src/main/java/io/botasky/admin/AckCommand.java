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

/**
 * {@code botasky ack ID [--by WHO] [--comment TEXT] [--for DURATION]}; {@code --for} is the API's
 * {@code expires_in}, checked by the collector (docs/notifier.md, "Ack expiry").
 */
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

  @Option(
      names = "--for",
      paramLabel = "DURATION",
      description =
          "the ack expires after this long (1s to 30d, e.g. 4h); an alert still firing then"
              + " escalates again from its first step")
  String forDuration;

  @Override
  public Integer call() {
    return top.call(
        api -> {
          Map<String, Object> body = new LinkedHashMap<>();
          body.put("by", by != null ? by : System.getProperty("user.name", "admin"));
          if (comment != null) {
            body.put("comment", comment);
          }
          if (forDuration != null) {
            body.put("expires_in", forDuration);
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
                        + AlertsCommand.ackedBy(a)));
            top.out.flush();
          }
          return 0;
        });
  }
}
