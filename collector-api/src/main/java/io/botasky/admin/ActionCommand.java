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
 * {@code botasky action HOST RESOURCE:INSTANCE NAME [--by WHO] [--comment TEXT] [--wait]}
 * (docs/reference.md): requests a controlled action; with {@code --wait}, follows it to its end.
 */
@Command(
    name = "action",
    mixinStandardHelpOptions = true,
    description =
        "request an action the host's agent config offers on a service (restart, ...); exit 0"
            + " when it succeeded (--wait) or was requested")
final class ActionCommand implements Callable<Integer> {
  @ParentCommand BotaskyCommand top;

  @Parameters(index = "0", paramLabel = "HOST")
  String host;

  @Parameters(
      index = "1",
      paramLabel = "RESOURCE:INSTANCE",
      description = "the service, e.g. redis:6379, or system")
  String service;

  @Parameters(index = "2", paramLabel = "NAME", description = "the action, e.g. restart")
  String name;

  @Option(names = "--by", description = "who asks (default: $USER)")
  String by;

  @Option(names = "--comment")
  String comment;

  @Option(
      names = "--wait",
      description =
          "wait for the outcome (at most action_expiry + --timeout) and print it; exit 0 only when"
              + " it succeeded")
  boolean waitForIt;

  @Option(
      names = "--timeout",
      paramLabel = "SECONDS",
      defaultValue = "60",
      description = "the agent's action_timeout to allow for with --wait (default: 60)")
  int timeoutSeconds;

  @Option(names = "--json", description = "print the API's JSON")
  boolean json;

  @Override
  public Integer call() {
    int colon = service.indexOf(':');
    String resource = colon < 0 ? service : service.substring(0, colon);
    String instance = colon < 0 ? "" : service.substring(colon + 1);
    return top.call(
        api -> {
          Map<String, Object> body = new LinkedHashMap<>();
          body.put("host", host);
          body.put("resource", resource);
          body.put("instance", instance);
          body.put("action", name);
          body.put("by", by != null ? by : System.getProperty("user.name", "admin"));
          if (comment != null) {
            body.put("comment", comment);
          }
          JsonNode a = api.post("/api/v1/actions", body).path("action");
          long id = a.path("id").asLong();
          if (!waitForIt) {
            print(a);
            return 0;
          }
          long deadline =
              System.nanoTime()
                  + top.actionExpiry.toNanos()
                  + (timeoutSeconds + 5) * 1_000_000_000L;
          while (!finished(a) && System.nanoTime() < deadline) {
            try {
              Thread.sleep(500);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
              return 1;
            }
            a = api.get("/api/v1/actions/" + id, Map.of()).path("action");
          }
          print(a);
          return a.path("state").asText().equals("succeeded") ? 0 : 1;
        });
  }

  private static boolean finished(JsonNode a) {
    String s = a.path("state").asText();
    return !s.equals("pending") && !s.equals("running");
  }

  private void print(JsonNode a) {
    if (json || top.json) {
      top.printJson(a);
      return;
    }
    String svc =
        a.path("instance").asText().isEmpty()
            ? a.path("resource").asText()
            : a.path("resource").asText() + ":" + a.path("instance").asText();
    StringBuilder line =
        new StringBuilder("action ")
            .append(a.path("id").asLong())
            .append(' ')
            .append(a.path("state").asText())
            .append(": ")
            .append(a.path("action").asText())
            .append(" on ")
            .append(svc)
            .append(" of ")
            .append(a.path("host").asText())
            .append(" by ")
            .append(a.path("by").asText());
    if (!a.path("exit_code").isNull() && a.has("exit_code")) {
      line.append(", exit ").append(a.path("exit_code").asInt());
    }
    if (a.hasNonNull("reason")) {
      line.append(" (").append(a.path("reason").asText()).append(')');
    }
    top.out.println(SafeText.line(line.toString()));
    String output = a.path("output").asText("");
    if (!output.isEmpty()) {
      // The command's output, as the agent captured it; each line made safe for a terminal.
      for (String l : output.split("\n", -1)) {
        top.out.println("  " + SafeText.line(l));
      }
    }
    top.out.flush();
  }
}
