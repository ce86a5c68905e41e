package io.botasky.collector.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.botasky.collector.http.HttpError;
import io.botasky.common.wire.Heartbeat;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/** Validates a {@code POST /api/v1/heartbeat} body. */
public final class HeartbeatParser {
  static final int MAX_SYSINFO = 65_536;

  /** A validated body; {@code vipsHeld} comes from {@code sysinfo.vips_held}. */
  public record Parsed(String host, String agentVersion, String sysinfoJson, Set<String> vipsHeld) {}

  private HeartbeatParser() {}

  public static Parsed parse(JsonNode root, Function<JsonNode, String> writer) {
    String host = Fields.name(root, "", "host", true, 255);
    String version = Fields.name(root, "", "agent_version", false, 64);
    JsonNode sysinfo = Fields.object(root, "", "sysinfo");
    String json = null;
    Set<String> vips = new TreeSet<>();
    if (sysinfo != null) {
      json = writer.apply(sysinfo);
      if (json.length() > MAX_SYSINFO) {
        throw HttpError.badRequest("sysinfo", "sysinfo: larger than " + MAX_SYSINFO + " characters");
      }
      JsonNode v = sysinfo.get(Heartbeat.VIPS_HELD);
      String field = "sysinfo." + Heartbeat.VIPS_HELD;
      if (v != null && !v.isNull()) {
        if (!v.isArray()) {
          throw HttpError.badRequest(field, field + ": expected an array of addresses");
        }
        for (JsonNode a : v) {
          if (!a.isTextual() || a.textValue().isEmpty() || a.textValue().length() > 64) {
            throw HttpError.badRequest(field, field + ": expected an array of addresses");
          }
          vips.add(a.textValue());
        }
      }
    }
    return new Parsed(host, version, json, vips);
  }
}
