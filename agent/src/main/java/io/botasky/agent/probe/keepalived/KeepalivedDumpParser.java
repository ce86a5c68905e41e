package io.botasky.agent.probe.keepalived;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads keepalived's state dumps: {@code /tmp/keepalived.json} (written on the JSON signal, 36 in
 * Debian's 2.2.7) and {@code /tmp/keepalived.data} (on SIGUSR1). Both name each VRRP instance, its
 * state and its virtual addresses.
 */
public final class KeepalivedDumpParser {
  /**
   * keepalived's numeric states in the JSON dump (vrrp.h: VRRP_STATE_INIT ... VRRP_STATE_FAULT).
   */
  private static final String[] STATES = {"INIT", "BACKUP", "MASTER", "FAULT"};

  private KeepalivedDumpParser() {}

  public static List<VrrpInstance> parseJson(String json) throws IOException {
    JsonNode root = new ObjectMapper().readTree(json);
    if (root == null || !root.isArray()) {
      throw new IOException("keepalived.json: expected an array of instances");
    }
    List<VrrpInstance> out = new ArrayList<>();
    for (JsonNode item : root) {
      JsonNode data = item.path("data");
      int state = data.path("state").asInt(-1);
      List<String> vips = new ArrayList<>();
      for (JsonNode v : data.path("vips")) {
        vips.add(address(v.asText()));
      }
      out.add(
          new VrrpInstance(
              data.path("iname").asText("?"),
              state >= 0 && state < STATES.length ? STATES[state] : "UNKNOWN(" + state + ")",
              List.copyOf(vips)));
    }
    return out;
  }

  /**
   * The "VRRP Topology" part of keepalived.data: {@code VRRP Instance = VI_1}, then its {@code
   * State = MASTER} and the lines under {@code Virtual IP (n):}.
   */
  public static List<VrrpInstance> parseData(String text) {
    List<VrrpInstance> out = new ArrayList<>();
    String name = null;
    String state = null;
    List<String> vips = new ArrayList<>();
    boolean inVips = false;
    for (String line : text.split("\n")) {
      String t = line.strip();
      if (line.startsWith("------<")) {
        inVips = false;
        if (name != null) {
          out.add(new VrrpInstance(name, state, List.copyOf(vips)));
          name = null;
        }
        continue;
      }
      if (line.startsWith(" VRRP Instance = ")) {
        if (name != null) {
          out.add(new VrrpInstance(name, state, List.copyOf(vips)));
        }
        // strip() has taken the space after "=" when the name is empty; "?" as for the JSON dump.
        String n = t.substring("VRRP Instance =".length()).strip();
        name = n.isEmpty() ? "?" : n;
        state = null;
        vips = new ArrayList<>();
        inVips = false;
      } else if (name != null && t.startsWith("State = ") && state == null) {
        state = t.substring("State = ".length());
      } else if (name != null && t.startsWith("Virtual IP (")) {
        inVips = true;
      } else if (inVips && line.startsWith("     ")) {
        vips.add(address(t));
      } else {
        inVips = false;
      }
    }
    if (name != null) {
      out.add(new VrrpInstance(name, state, List.copyOf(vips)));
    }
    return out;
  }

  /** {@code 10.99.0.100/24 dev vrrp0 scope global set} to {@code 10.99.0.100}. */
  static String address(String vip) {
    String first = vip.strip().split("\\s+")[0];
    int slash = first.indexOf('/');
    return slash < 0 ? first : first.substring(0, slash);
  }
}
