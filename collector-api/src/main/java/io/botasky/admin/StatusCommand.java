package io.botasky.admin;

import com.fasterxml.jackson.databind.JsonNode;
import io.botasky.common.text.SafeText;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/**
 * {@code botasky status}: collector, database, Redis, notifier heartbeats; exit 1 when any is
 * unhealthy.
 */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description = "collector, database, redis and notifier health")
final class StatusCommand implements Callable<Integer> {
  @ParentCommand BotaskyCommand top;

  @Override
  public Integer call() {
    return top.call(
        api -> {
          JsonNode s = api.get("/api/v1/status", Map.of());
          if (top.json) {
            top.printJson(s);
          }
          JsonNode c = s.path("collector");
          JsonNode db = s.path("database");
          JsonNode redis = s.path("redis");
          boolean ok = db.path("ok").asBoolean();
          boolean anyNotifier = false;
          if (!top.json) {
            top.out.printf(
                "collector  ok     %s, master %s, %s, version %s, up %d s%n",
                SafeText.line(api.baseUrl()),
                SafeText.line(c.path("master").asText()),
                SafeText.line(c.path("role").asText("leader")),
                SafeText.line(c.path("version").asText()),
                c.path("uptime_seconds").asLong());
            top.out.printf(
                "database   %-6s %s%s%n",
                ok ? "ok" : "DOWN",
                SafeText.line(db.path("database").asText()),
                ok ? "" : " (" + SafeText.line(db.path("problem").asText()) + ")");
            if (redis.path("configured").asBoolean()) {
              top.out.printf(
                  "redis      %-6s%s%n",
                  redis.path("ok").asBoolean() ? "ok" : "DOWN",
                  redis.path("ok").asBoolean()
                      ? ""
                      : " " + SafeText.line(redis.path("problem").asText()));
            } else {
              top.out.println("redis      -      not configured (boird polls)");
            }
          }
          // Every collector sharing the database (docs/collector.md, "Several collectors").
          for (JsonNode n : s.path("collectors")) {
            if (!top.json) {
              top.out.printf(
                  "collector  %-6s %s, %s, last heartbeat %s%n",
                  n.path("alive").asBoolean() ? "ok" : "SILENT",
                  SafeText.line(n.path("name").asText()),
                  SafeText.line(n.path("role").asText()),
                  SafeText.line(n.path("last_seen").asText()));
            }
          }
          for (JsonNode n : s.path("notifiers")) {
            boolean alive = n.path("alive").asBoolean();
            anyNotifier |= alive;
            if (!top.json) {
              top.out.printf(
                  "notifier   %-6s %s, last heartbeat %s%n",
                  alive ? "ok" : "SILENT",
                  SafeText.line(n.path("name").asText()),
                  SafeText.line(n.path("last_seen").asText()));
            }
          }
          if (!top.json && s.path("notifiers").isEmpty()) {
            top.out.println("notifier   NONE   no boird has reported to this database");
          }
          top.out.flush();
          if (redis.path("configured").asBoolean() && !redis.path("ok").asBoolean()) {
            ok = false;
          }
          return ok && anyNotifier ? 0 : 1;
        });
  }
}
