package io.botasky.collector.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.botasky.collector.http.HttpError;
import io.botasky.common.text.SafeText;
import io.botasky.common.wire.LogLine;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Validates a {@code POST /api/v1/logs} body (docs/api.md): {@code host}, {@code batch_id} and up
 * to {@value #MAX_LINES} lines, each with a source (a section name or {@code boagent}), a level
 * ({@code info}, {@code warning}, {@code error}), a time in epoch milliseconds and a line of at
 * most {@link LogLine#MAX_CHARS} characters without control characters. Any bad line refuses the
 * whole request.
 */
public final class LogsParser {
  static final int MAX_LINES = 10_000;

  /** A section's name, as the agent allows it, or {@code boagent}. */
  static final Pattern SOURCE = Pattern.compile("[A-Za-z0-9._-]{1,64}");

  /** Sources an agent may not claim: the other daemons' own lines. */
  static final Set<String> RESERVED = Set.of("pihealthd", "boird");

  /** A validated body. */
  public record Parsed(String host, String batchId, List<LogLine> lines) {}

  private LogsParser() {}

  public static Parsed parse(JsonNode root) {
    String host = Fields.name(root, "", "host", true, 255);
    String batchId =
        Fields.matching(
            root,
            "",
            "batch_id",
            MetricsParser.BATCH_ID,
            "a batch id of 1 to 64 letters, digits or ._:-");
    JsonNode arr = Fields.array(root, "lines", MAX_LINES);
    List<LogLine> out = new ArrayList<>(arr.size());
    for (int i = 0; i < arr.size(); i++) {
      String p = "lines[" + i + "]";
      JsonNode n = arr.get(i);
      if (!n.isObject()) {
        throw HttpError.badRequest(p, p + ": expected an object");
      }
      String source =
          Fields.matching(
              n, p, "source", SOURCE, "a logfile section's name or boagent (letters, digits, ._-)");
      if (RESERVED.contains(source)) {
        throw HttpError.badRequest(
            Fields.path(p, "source"),
            Fields.path(p, "source") + ": " + source + " is the collector's own, not an agent's");
      }
      String level = Fields.string(n, p, "level", true, 16);
      if (!LogLine.LEVELS.contains(level)) {
        throw HttpError.badRequest(
            Fields.path(p, "level"), Fields.path(p, "level") + ": expected info, warning or error");
      }
      long ts = Fields.integer(n, p, "ts");
      if (ts <= 0) {
        throw HttpError.badRequest(
            Fields.path(p, "ts"), Fields.path(p, "ts") + ": expected epoch milliseconds");
      }
      String line = Fields.string(n, p, "line", true, LogLine.MAX_CHARS);
      if (!SafeText.isSafeLine(line)) {
        throw HttpError.badRequest(
            Fields.path(p, "line"), Fields.path(p, "line") + ": contains a control character");
      }
      out.add(new LogLine(source, level, ts, line));
    }
    return new Parsed(host, batchId, out);
  }
}
