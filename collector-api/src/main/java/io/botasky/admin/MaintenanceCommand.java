package io.botasky.admin;

import com.fasterxml.jackson.databind.JsonNode;
import io.botasky.common.config.Durations;
import io.botasky.common.text.SafeText;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code botasky maintenance add|list|remove}: maintenance windows through the API
 * (docs/reference.md, docs/notifier.md "Maintenance windows").
 */
@Command(
    name = "maintenance",
    mixinStandardHelpOptions = true,
    description = "maintenance windows: alerts stored, nobody notified while one is active",
    subcommands = {
      MaintenanceCommand.Add.class,
      MaintenanceCommand.ListWindows.class,
      MaintenanceCommand.Remove.class
    })
final class MaintenanceCommand implements Runnable {
  @ParentCommand BotaskyCommand top;

  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(top.out);
    top.out.flush();
  }

  /** {@code botasky maintenance add NAME --match M (--every E [--timezone Z] | --for D | ...)}. */
  @Command(name = "add", mixinStandardHelpOptions = true, description = "add a window")
  static final class Add implements Callable<Integer> {
    @ParentCommand MaintenanceCommand parent;

    @Parameters(paramLabel = "NAME", description = "letters, digits, _ . -")
    String name;

    @Option(
        names = "--match",
        required = true,
        description = "the alerts it covers, as a policy's match: host=db*, resource=mysql")
    String match;

    @Option(
        names = "--every",
        description = "recurring: Sun 02:00-04:00, daily 01:00-01:30, Mon-Fri 12:00-12:15, 1st …")
    String every;

    @Option(names = "--timezone", description = "of --every (default: the collector's)")
    String timezone;

    @Option(
        names = "--for",
        paramLabel = "DURATION",
        description = "one-off, from now (or --starts-at): e.g. 30m, 2h")
    String duration;

    @Option(names = "--starts-at", paramLabel = "TIME", description = "one-off: RFC 3339 start")
    String startsAt;

    @Option(names = "--ends-at", paramLabel = "TIME", description = "one-off: RFC 3339 end")
    String endsAt;

    @Option(names = "--comment")
    String comment;

    @Override
    public Integer call() {
      BotaskyCommand top = parent.top;
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("name", name);
      body.put("match", match);
      if (every != null) {
        body.put("every", every);
      }
      if (timezone != null) {
        body.put("timezone", timezone);
      }
      if (startsAt != null) {
        body.put("starts_at", startsAt);
      }
      if (duration != null) {
        Duration d;
        Instant from;
        try {
          d = Durations.parse(duration);
          from = startsAt == null ? Instant.now() : Instant.parse(startsAt);
        } catch (RuntimeException e) {
          top.err.println("botasky: --for/--starts-at: " + SafeText.line(e.getMessage()));
          top.err.flush();
          return 2;
        }
        body.put("ends_at", from.plus(d).toString());
      } else if (endsAt != null) {
        body.put("ends_at", endsAt);
      }
      body.put("comment", comment);
      body.put("by", System.getProperty("user.name", "admin"));
      return top.call(
          api -> {
            JsonNode w = api.post("/api/v1/maintenance", body).path("maintenance");
            if (top.json) {
              top.printJson(w);
            } else {
              top.out.println(
                  SafeText.line(
                      "maintenance "
                          + w.path("id").asLong()
                          + " "
                          + w.path("name").asText()
                          + ": "
                          + state(w)
                          + ", next "
                          + next(w)));
              top.out.flush();
            }
            return 0;
          });
    }
  }

  /** {@code botasky maintenance list}: every window, the file's too, active ones marked. */
  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "list windows (the escalation file's and the API's) with their next occurrence")
  static final class ListWindows implements Callable<Integer> {
    @ParentCommand MaintenanceCommand parent;

    @Override
    public Integer call() {
      BotaskyCommand top = parent.top;
      return top.call(
          api -> {
            JsonNode r = api.get("/api/v1/maintenance", Map.of());
            if (top.json) {
              top.printJson(r);
              return 0;
            }
            Table t = new Table("ID", "NAME", "SOURCE", "MATCH", "WHEN", "NOW", "NEXT", "COMMENT");
            for (JsonNode w : r.path("maintenance")) {
              String when =
                  w.path("every").isNull()
                      ? w.path("starts_at").asText() + " - " + w.path("ends_at").asText()
                      : w.path("every").asText() + " " + w.path("timezone").asText();
              t.row(
                  w.path("id").isNull() ? "-" : w.path("id").asText(),
                  w.path("name").asText(),
                  w.path("source").asText().equals("file") ? w.path("origin").asText() : "api",
                  w.path("match").asText(),
                  when,
                  state(w),
                  next(w),
                  w.path("comment").asText(""));
            }
            t.print(top.out);
            return 0;
          });
    }
  }

  /** {@code botasky maintenance remove ID}. */
  @Command(
      name = "remove",
      mixinStandardHelpOptions = true,
      description = "remove a window added through the API (the file's are edited in the file)")
  static final class Remove implements Callable<Integer> {
    @ParentCommand MaintenanceCommand parent;

    @Parameters(paramLabel = "ID")
    long id;

    @Override
    public Integer call() {
      BotaskyCommand top = parent.top;
      return top.call(
          api -> {
            api.delete("/api/v1/maintenance/" + id);
            top.out.println("maintenance " + id + " removed");
            top.out.flush();
            return 0;
          });
    }
  }

  static String state(JsonNode w) {
    return w.path("active").asBoolean() ? "ACTIVE until " + w.path("active_until").asText() : "-";
  }

  static String next(JsonNode w) {
    JsonNode n = w.path("next");
    return n.isObject() ? n.path("starts_at").asText() + " - " + n.path("ends_at").asText() : "-";
  }
}
