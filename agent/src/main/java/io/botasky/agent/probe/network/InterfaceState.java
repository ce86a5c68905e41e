package io.botasky.agent.probe.network;

import io.botasky.agent.linux.NetLink;
import io.botasky.agent.probe.CheckOutcome;
import io.botasky.common.wire.Severity;
import java.util.Optional;

/** The {@code interface_down} check of one interface. Pure. */
final class InterfaceState {
  private InterfaceState() {}

  /** Critical when the interface is gone or not up (see {@link NetLink#up()}). */
  static CheckOutcome judge(String iface, Optional<NetLink> link) {
    if (link.isEmpty()) {
      return down(iface, iface + " does not exist (gone, or renamed)");
    }
    NetLink l = link.get();
    if (l.up()) {
      return CheckOutcome.ok(
          "network",
          iface,
          "interface_down",
          null,
          iface + " is up (operstate " + l.operstate() + ")");
    }
    String why =
        switch (l.operstate()) {
          case "lowerlayerdown" -> "the link below it is down: no carrier, cable or peer";
          case "dormant" -> "waiting for an external event, e.g. Wi-Fi authentication";
          case "unknown" -> "not set up";
          case "down" -> "set down, or no carrier";
          default -> l.operstate();
        };
    return down(iface, iface + " is down (operstate " + l.operstate() + ": " + why + ")");
  }

  private static CheckOutcome down(String iface, String summary) {
    return CheckOutcome.failing(
        "network", iface, "interface_down", Severity.CRITICAL, null, null, summary);
  }
}
