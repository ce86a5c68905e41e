package io.botasky.agent.probe.keepalived;

import io.botasky.common.net.IpLiteral;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.Collections;
import java.util.List;

/** Whether an address is configured on this host's interfaces (this JVM's network namespace). */
public final class VipPresence {
  private VipPresence() {}

  /**
   * True when {@code vip} is an address of {@code iface}, or of any interface when {@code iface} is
   * empty.
   */
  public static boolean present(String iface, String vip) throws SocketException {
    if (!IpLiteral.isLiteral(vip)) {
      // Never a name: getByName would look it up.
      return false;
    }
    InetAddress want;
    try {
      want = InetAddress.getByName(vip);
    } catch (java.net.UnknownHostException e) {
      return false;
    }
    List<NetworkInterface> ifs;
    if (iface == null || iface.isEmpty()) {
      ifs = Collections.list(NetworkInterface.getNetworkInterfaces());
    } else {
      NetworkInterface ni = NetworkInterface.getByName(iface);
      ifs = ni == null ? List.of() : List.of(ni);
    }
    for (NetworkInterface ni : ifs) {
      if (Collections.list(ni.getInetAddresses()).contains(want)) {
        return true;
      }
    }
    return false;
  }
}
