package io.botasky.admin;

import com.fasterxml.jackson.databind.JsonNode;
import io.botasky.common.text.SafeText;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/**
 * {@code botasky tree}: the groups as an indented tree, each with its counts, its worst state
 * coloured on a terminal (docs/reference.md). Every name and summary comes from an agent and is
 * printed through {@link SafeText}.
 */
@Command(
    name = "tree",
    mixinStandardHelpOptions = true,
    description = "show the services as a tree of their groups, with counts per group")
final class TreeCommand implements Callable<Integer> {
  /** Worst first: the order in which a node's worst state is picked. */
  static final List<String> WORST_FIRST = List.of("critical", "warning", "unknown", "stale", "ok");

  private static final Map<String, String> COLORS =
      Map.of(
          "critical", "\u001b[31m",
          "warning", "\u001b[33m",
          "unknown", "\u001b[35m",
          "stale", "\u001b[90m",
          "ok", "\u001b[32m");
  private static final String RESET = "\u001b[0m";

  @ParentCommand BotaskyCommand top;

  @Override
  public Integer call() {
    return top.call(
        api -> {
          JsonNode r = api.get("/api/v1/tree", Map.of());
          if (top.json) {
            top.printJson(r);
            return 0;
          }
          List<String> lines = new ArrayList<>();
          render(r, -1, lines);
          lines.forEach(top.out::println);
          top.out.flush();
          return 0;
        });
  }

  private void render(JsonNode node, int depth, List<String> out) {
    if (depth >= 0) {
      out.add("  ".repeat(depth) + SafeText.line(node.path("name").asText()) + "/ " + counts(node));
    }
    for (JsonNode c : node.path("children")) {
      render(c, depth + 1, out);
    }
    for (JsonNode s : node.path("services")) {
      String state = s.path("state").asText();
      String summary = s.path("summary").asText();
      out.add(
          "  ".repeat(depth + 1)
              + SafeText.line(s.path("host").asText())
              + " "
              + SafeText.line(name(s))
              + "  "
              + paint(state, state + (s.path("acked").asBoolean() ? " (acked)" : ""))
              + (summary.isEmpty() ? "" : "  " + SafeText.line(summary, 120)));
    }
  }

  /** {@code (3 ok, 1 critical)}: the non-zero counts, the worst one coloured. */
  private String counts(JsonNode node) {
    JsonNode c = node.path("counts");
    String worst = null;
    for (String st : WORST_FIRST) {
      if (c.path(st).asInt() > 0) {
        worst = st;
        break;
      }
    }
    List<String> parts = new ArrayList<>();
    for (String st : List.of("ok", "warning", "critical", "unknown", "stale")) {
      int n = c.path(st).asInt();
      if (n > 0) {
        String text = n + " " + st;
        parts.add(st.equals(worst) ? paint(st, text) : text);
      }
    }
    return "(" + String.join(", ", parts) + ")";
  }

  private String paint(String state, String text) {
    String code = COLORS.get(state);
    return top.color && code != null ? code + text + RESET : text;
  }

  /** {@code redis:6379}, or {@code system} for a service without an instance. */
  static String name(JsonNode s) {
    String instance = s.path("instance").asText();
    return instance.isEmpty()
        ? s.path("resource").asText()
        : s.path("resource").asText() + ":" + instance;
  }
}
