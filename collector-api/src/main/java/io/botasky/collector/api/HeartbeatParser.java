package io.botasky.collector.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.botasky.collector.http.HttpError;
import io.botasky.collector.inventory.InventoryUpdate;
import io.botasky.common.net.IpLiteral;
import io.botasky.common.text.SafeText;
import io.botasky.common.wire.GroupPath;
import io.botasky.common.wire.Heartbeat;
import io.botasky.common.wire.ServiceEntry;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Pattern;

/** Validates a {@code POST /api/v1/heartbeat} body. */
public final class HeartbeatParser {
  static final int MAX_SYSINFO = 65_536;

  static final Pattern HASH = Pattern.compile("[0-9a-f]{16}");
  static final Pattern RESOURCE = Pattern.compile("[a-z0-9_]{1,32}");
  static final Pattern ACTION = RESOURCE;

  /**
   * A validated body; {@code vipsHeld} comes from {@code sysinfo.vips_held}; {@code inventory} is
   * null when the agent sent none of the inventory fields.
   */
  public record Parsed(
      String host,
      String agentVersion,
      String sysinfoJson,
      Set<String> vipsHeld,
      InventoryUpdate inventory) {
    public Parsed(String host, String agentVersion, String sysinfoJson, Set<String> vipsHeld) {
      this(host, agentVersion, sysinfoJson, vipsHeld, null);
    }
  }

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
    return new Parsed(host, version, json, vips, inventory(root));
  }

  /**
   * The service inventory (docs/api.md, "Service inventory"): the full form ({@code services}) or
   * the short one ({@code base_hash}, {@code checks}, {@code changed}), each with {@code
   * services_hash}. Every bound is checked here, before anything is stored: a 400 names the field,
   * e.g. {@code services[3].group}.
   */
  static InventoryUpdate inventory(JsonNode root) {
    boolean any = false;
    for (String f : List.of("services_hash", "services", "base_hash", "checks", "changed")) {
      JsonNode n = root.get(f);
      any |= n != null && !n.isNull();
    }
    if (!any) {
      return null;
    }
    String hash = Fields.matching(root, "", "services_hash", HASH, "16 lowercase hex digits");
    JsonNode services = root.get("services");
    if (services != null && !services.isNull()) {
      // The full form replaces the inventory whatever its base: short-form fields beside it are
      // ignored rather than refused, so an agent never loses its heartbeat (and its host's
      // liveness) over them.
      JsonNode arr = Fields.array(root, "services", ServiceEntry.MAX_SERVICES);
      List<ServiceEntry> list = entries(arr, "services", false, Integer.MAX_VALUE);
      return new InventoryUpdate(hash, list, null, null, null);
    }
    String base = Fields.matching(root, "", "base_hash", HASH, "16 lowercase hex digits");
    JsonNode checksNode = Fields.array(root, "checks", ServiceEntry.MAX_SERVICES);
    List<Long> checks = new ArrayList<>(checksNode.size());
    for (int i = 0; i < checksNode.size(); i++) {
      JsonNode c = checksNode.get(i);
      String at = "checks[" + i + "]";
      if (!c.isIntegralNumber() || !c.canConvertToLong() || c.longValue() < 0) {
        throw HttpError.badRequest(at, at + ": expected epoch milliseconds (a whole number >= 0)");
      }
      checks.add(c.longValue());
    }
    JsonNode changedNode = root.get("changed");
    List<ServiceEntry> changed = List.of();
    if (changedNode != null && !changedNode.isNull()) {
      changed =
          entries(
              Fields.array(root, "changed", ServiceEntry.MAX_SERVICES),
              "changed",
              true,
              checks.size());
    }
    return new InventoryUpdate(hash, null, base, List.copyOf(checks), changed);
  }

  private static List<ServiceEntry> entries(JsonNode arr, String name, boolean indexed, int count) {
    List<ServiceEntry> out = new ArrayList<>(arr.size());
    Set<String> seen = new HashSet<>();
    Set<Integer> indexes = new HashSet<>();
    for (int n = 0; n < arr.size(); n++) {
      String p = name + "[" + n + "]";
      JsonNode e = arr.get(n);
      if (!e.isObject()) {
        throw HttpError.badRequest(p, p + ": expected an object");
      }
      Integer index = null;
      if (indexed) {
        long i = Fields.integer(e, p, "i");
        if (i < 0 || i >= count) {
          throw HttpError.badRequest(
              Fields.path(p, "i"),
              Fields.path(p, "i") + ": expected an index into checks (0.." + (count - 1) + ")");
        }
        if (!indexes.add((int) i)) {
          throw HttpError.badRequest(
              Fields.path(p, "i"), Fields.path(p, "i") + ": index " + i + " listed twice");
        }
        index = (int) i;
      }
      ServiceEntry s = entry(e, p, index);
      if (!indexed && !seen.add(s.resource() + "\0" + s.instance())) {
        throw HttpError.badRequest(
            p,
            p
                + ": service "
                + s.resource()
                + (s.instance().isEmpty() ? "" : ":" + s.instance())
                + " listed twice");
      }
      out.add(s);
    }
    return List.copyOf(out);
  }

  private static ServiceEntry entry(JsonNode e, String p, Integer index) {
    String resource = Fields.matching(e, p, "resource", RESOURCE, "a resource name like \"redis\"");
    String instance = Fields.name(e, p, "instance", false, 255);
    String group = Fields.string(e, p, "group", false, GroupPath.MAX_CHARS);
    group = group == null ? "" : group;
    String g = group;
    GroupPath.problem(group)
        .ifPresent(
            why -> {
              String f = Fields.path(p, "group");
              throw HttpError.badRequest(
                  f, f + ": " + why + ", got \"" + Fields.abbreviate(SafeText.line(g)) + "\"");
            });
    String state = Fields.string(e, p, "state", true, 16);
    if (!ServiceEntry.AGENT_STATES.contains(state)) {
      String f = Fields.path(p, "state");
      throw HttpError.badRequest(
          f,
          f
              + ": expected ok, warning, critical or unknown, got \""
              + Fields.abbreviate(SafeText.line(state))
              + "\"");
    }
    String summary = Fields.string(e, p, "summary", false, ServiceEntry.MAX_SUMMARY);
    // Shown on the page, in the CLI and in logs: made one safe line here, once.
    summary = summary == null ? "" : SafeText.line(summary, ServiceEntry.MAX_SUMMARY);
    long lastCheck = Fields.integer(e, p, "last_check");
    if (lastCheck < 0) {
      String f = Fields.path(p, "last_check");
      throw HttpError.badRequest(f, f + ": expected epoch milliseconds >= 0");
    }
    long interval = Fields.integer(e, p, "interval");
    if (interval < 1 || interval > 86_400) {
      String f = Fields.path(p, "interval");
      throw HttpError.badRequest(f, f + ": expected seconds in 1..86400, got " + interval);
    }
    List<String> actions = new ArrayList<>();
    JsonNode a = e.get("actions");
    if (a != null && !a.isNull()) {
      String f = Fields.path(p, "actions");
      if (!a.isArray()) {
        throw HttpError.badRequest(f, f + ": expected an array");
      }
      if (a.size() > ServiceEntry.MAX_ACTIONS) {
        throw HttpError.badRequest(f, f + ": more than " + ServiceEntry.MAX_ACTIONS + " items");
      }
      for (int k = 0; k < a.size(); k++) {
        String at = f + "[" + k + "]";
        JsonNode x = a.get(k);
        if (!x.isTextual() || !ACTION.matcher(x.textValue()).matches()) {
          throw HttpError.badRequest(at, at + ": expected an action name like \"restart\"");
        }
        actions.add(x.textValue());
      }
    }
    JsonNode prot = e.get("protected");
    boolean isProtected = false;
    if (prot != null && !prot.isNull()) {
      if (!prot.isBoolean()) {
        String f = Fields.path(p, "protected");
        throw HttpError.badRequest(f, f + ": expected true or false");
      }
      isProtected = prot.booleanValue();
    }
    return new ServiceEntry(
        index,
        resource,
        instance == null ? "" : instance,
        group,
        state,
        summary,
        lastCheck,
        (int) interval,
        List.copyOf(actions),
        isProtected);
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
