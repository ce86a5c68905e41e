package io.botasky.admin;

import com.fasterxml.jackson.databind.JsonNode;
import io.botasky.common.text.SafeText;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code botasky silence --host H [--resource R] [--check C] --for 2h --comment TEXT}. */
@Command(
    name = "silence",
    mixinStandardHelpOptions = true,
    description = "suppress notifications (not storage) for a while")
final class SilenceCommand implements Callable<Integer> {
  @ParentCommand BotaskyCommand top;

  @Option(names = "--host", required = true, description = "host name, or a prefix ending in *")
  String host;

  @Option(names = "--resource")
  String resource;

  @Option(names = "--check")
  String check;

  @Option(
      names = "--for",
      required = true,
      paramLabel = "DURATION",
      description = "e.g. 30m, 2h, 1d")
  String duration;

  @Option(names = "--comment", required = true)
  String comment;

  @Override
  public Integer call() {
    return top.call(
        api -> {
          Map<String, Object> body = new LinkedHashMap<>();
          body.put("host", host);
          body.put("resource", resource);
          body.put("check", check);
          body.put("duration", duration);
          body.put("comment", comment);
          body.put("by", System.getProperty("user.name", "admin"));
          JsonNode s = api.post("/api/v1/silences", body).path("silence");
          if (top.json) {
            top.printJson(s);
          } else {
            top.out.println(
                SafeText.line(
                    "silence " + s.path("id").asLong() + " until " + s.path("ends_at").asText()));
            top.out.flush();
          }
          return 0;
        });
  }
}
