package io.botasky.agent.probe.keepalived;

import io.botasky.common.exec.Capabilities;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The capabilities the {@code [keepalived]} probe needs to get a state dump from a keepalived that
 * runs as root while the agent does not, and which of them the agent lacks. Pure. The systemd
 * drop-in {@code boagent.service.d/botasky-keepalived.conf} grants exactly these.
 */
final class KeepalivedCapabilities {
  /** Each capability and what it is for, in the order a round needs them. */
  static final Map<String, String> NEEDED;

  static {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("CAP_KILL", "to signal keepalived for its state dump");
    m.put("CAP_SYS_PTRACE", "to look into keepalived's /proc/PID/root and /proc/PID/ns/net");
    m.put("CAP_DAC_READ_SEARCH", "to read the dump (root:root 0600)");
    NEEDED = Collections.unmodifiableMap(m);
  }

  /** Where to get them, named in every message about a missing one. */
  static final String REMEDY =
      "install the drop-in: /opt/botasky/systemd/install-units.sh --agent-caps, then "
          + "systemctl restart boagent (docs/agent.md, \"Capabilities\")";

  private KeepalivedCapabilities() {}

  /**
   * The needed capabilities not in {@code own}'s effective set; empty when {@code own} is unknown
   * (null).
   */
  static List<String> missing(Capabilities own) {
    List<String> out = new ArrayList<>();
    if (own != null) {
      NEEDED.keySet().stream().filter(c -> !own.hasEffective(c)).forEach(out::add);
    }
    return out;
  }

  /**
   * One sentence naming each missing capability and what it is for, and the remedy; null when none
   * is missing.
   */
  static String explain(List<String> missing) {
    if (missing.isEmpty()) {
      return null;
    }
    List<String> parts = new ArrayList<>();
    missing.forEach(c -> parts.add(c + " (" + NEEDED.getOrDefault(c, "needed") + ")"));
    return "boagent lacks " + String.join(", ", parts) + ": " + REMEDY;
  }
}
