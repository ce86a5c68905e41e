package io.botasky.agent.probe.network;

import io.botasky.agent.probe.CheckOutcome;
import io.botasky.common.text.SafeText;
import io.botasky.common.wire.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code ip_change} check: remembers each interface's addresses between rounds and reports a
 * change (info) for 10 minutes after it (docs/probes/network.md). The first reading of an interface
 * is recorded, never reported. One per probe; the decisions are the pure {@link #detect} and {@link
 * #outcome}.
 */
final class AddressWatch {
  /** How long an address change stays firing. */
  static final Duration SHOWN_FOR = Duration.ofMinutes(10);

  /** The latest change of one interface's addresses. */
  record Change(Instant at, List<String> before, List<String> after) {}

  private final Map<String, List<String>> last = new HashMap<>();
  private final Map<String, Change> changes = new HashMap<>();

  /**
   * One round for {@code iface}. {@code addrs} null means not read this round (the interface is
   * down or gone: its addresses then tell nothing about a change), and the last reading is kept.
   */
  CheckOutcome observe(String iface, List<String> addrs, Instant now) {
    if (addrs != null) {
      Change c = detect(last.get(iface), addrs, now);
      if (c != null) {
        changes.put(iface, c);
      }
      last.put(iface, addrs);
    }
    return outcome(iface, changes.get(iface), last.get(iface), now);
  }

  /** The change from {@code before} (null: never read) to {@code now}, or null when none. */
  static Change detect(List<String> before, List<String> now, Instant at) {
    if (before == null || before.equals(now)) {
      return null;
    }
    return new Change(at, before, now);
  }

  /** Firing (info) within {@link #SHOWN_FOR} of the latest change; else OK with the addresses. */
  static CheckOutcome outcome(String iface, Change c, List<String> current, Instant now) {
    if (c != null && now.isBefore(c.at().plus(SHOWN_FOR))) {
      String summary = iface + ": addresses were " + list(c.before()) + ", now " + list(c.after());
      return new CheckOutcome(
          "network",
          iface,
          "ip_change",
          Severity.INFO,
          null,
          null,
          SafeText.line(summary, 500),
          Map.of("old", c.before(), "new", c.after(), "changed_at", c.at().toString()));
    }
    String summary =
        current == null ? iface + ": addresses not read yet" : iface + ": " + list(current);
    return CheckOutcome.ok("network", iface, "ip_change", null, SafeText.line(summary, 500));
  }

  private static String list(List<String> addrs) {
    return addrs.isEmpty() ? "none" : String.join(", ", addrs);
  }
}
