package io.botasky.collector.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.botasky.collector.http.HttpError;
import io.botasky.common.net.IpLiteral;
import io.botasky.common.text.SafeText;
import io.botasky.common.wire.Heartbeat;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/** Validates a {@code POST /api/v1/heartbeat} body. */
public final class HeartbeatParser {
  static final int MAX_SYSINFO = 65_536;

  /** A validated body; {@code vipsHeld} comes from {@code sysinfo.vips_held}. */
  public record Parsed(
      String host, String agentVersion, String sysinfoJson, Set<String> vipsHeld) {}

  private HeartbeatParser() {}

  public static Parsed parse(JsonNode root, Function<JsonNode, String> writer) {
    String host = Fields.name(root, "", "host", true, 255);
    String version = Fields.name(root, "", "agent_version", false, 64);
    JsonNode sysinfo = Fields.object(root, "", "sysinfo");
    String json = null;
    Set<String> vips = new TreeSet<>();
    if (sysinfo != null) {
      vips = vipsHeld(sysinfo);
      json = writer.apply(sysinfo);
      if (json.length() > MAX_SYSINFO) {
        throw HttpError.badRequest(
            "sysinfo", "sysinfo: larger than " + MAX_SYSINFO + " characters");
      }
    }
    return new Parsed(host, version, json, vips);
  }

  /**
   * {@code sysinfo.vips_held}: each an IP address literal ({@link IpLiteral}, no lookup), replaced
   * in {@code sysinfo} by its canonical form, so that two hosts holding one VIP agree on its
   * spelling and nothing but an address becomes a {@code split_brain} instance. Anything else is a
   * 400 naming the entry, e.g. {@code sysinfo.vips_held[1]}.
   */
  static Set<String> vipsHeld(JsonNode sysinfo) {
    Set<String> vips = new TreeSet<>();
    JsonNode v = sysinfo.get(Heartbeat.VIPS_HELD);
    String field = "sysinfo." + Heartbeat.VIPS_HELD;
    if (v == null || v.isNull()) {
      return vips;
    }
    if (!v.isArray()) {
      throw HttpError.badRequest(field, field + ": expected an array of IP addresses");
    }
    ArrayNode canonical = ((ArrayNode) v).arrayNode();
    for (int i = 0; i < v.size(); i++) {
      JsonNode a = v.get(i);
      String at = field + "[" + i + "]";
      if (!a.isTextual()) {
        throw HttpError.badRequest(
            at,
            at
                + ": expected an IP address, got "
                + a.getNodeType().name().toLowerCase(Locale.ROOT));
      }
      String ip =
          IpLiteral.canonical(a.textValue())
              .orElseThrow(
                  () ->
                      HttpError.badRequest(
                          at,
                          at
                              + ": expected an IP address, got \""
                              + Fields.abbreviate(SafeText.line(a.textValue()))
                              + "\""));
      vips.add(ip);
      canonical.add(ip);
    }
    ((ObjectNode) sysinfo).set(Heartbeat.VIPS_HELD, canonical);
    return vips;
  }
}
