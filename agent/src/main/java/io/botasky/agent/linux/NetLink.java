package io.botasky.agent.linux;

import java.util.Locale;

/**
 * An interface's state from {@code /sys/class/net/NAME}: {@code operstate} (RFC 2863: up, down,
 * lowerlayerdown, dormant, notpresent, testing, unknown) and {@code flags} (IFF_* in hex).
 */
public record NetLink(String operstate, long flags) {
  /** IFF_UP: the administrator set the interface up. */
  static final long IFF_UP = 0x1;

  /**
   * Whether traffic can flow: operstate {@code up}, or {@code unknown} with IFF_UP. Drivers that do
   * not track a carrier (loopback, tun, dummy, some Wi-Fi and PPP drivers) report {@code unknown}
   * forever; for them the administrative flag is all there is (docs/probes/network.md).
   */
  public boolean up() {
    return operstate.equals("up") || (operstate.equals("unknown") && (flags & IFF_UP) != 0);
  }

  /** Parses the two files' contents ({@code "up\n"}, {@code "0x1003\n"}). */
  public static NetLink parse(String operstate, String flags) {
    String state = operstate.strip().toLowerCase(Locale.ROOT);
    if (!state.matches("[a-z]{1,20}")) {
      throw new IllegalArgumentException(
          "operstate: not a state: \"" + Numbers.abbreviate(state) + "\"");
    }
    String f = flags.strip();
    if (!f.matches("0x[0-9a-fA-F]{1,8}")) {
      throw new IllegalArgumentException(
          "flags: not a hex number: \"" + Numbers.abbreviate(f) + "\"");
    }
    return new NetLink(state, Long.parseLong(f.substring(2), 16));
  }
}
