package io.botasky.agent.probe.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import io.botasky.agent.testkit.HostileText;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * /proc/net/tcp and tcp6 of any content: listening inodes with real port numbers, never an
 * exception.
 */
class ListeningSocketsProperties {

  @Property
  void anyTableGivesInodesAndPortsInRange(@ForAll("tcpText") String text) {
    Map<Long, Integer> m = ListeningSockets.parse(text);
    m.forEach(
        (inode, port) -> {
          assertThat(inode).isNotNegative();
          assertThat(port).isBetween(0, 65535);
        });
  }

  @Provide
  Arbitrary<String> tcpText() {
    return HostileText.lines(
        List.of(
            "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid "
                + " timeout inode",
            "   0: 00000000:0CEA 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0     "
                + "   0 12345 1 0",
            "   1: 0100007F:0016 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0     "
                + "   0 23456 1 0",
            "   2: 00000000000000000000000000000000:1F90 00000000000000000000000000000000:0000 0A"
                + " 0:0 0:0 0 0 0 345",
            "   3: 00000000:10000 00000000:0000 0A 00000000:00000000 00:00000000 00000000 0 0 99 1"
                + " 0",
            "   4: 00000000:-1 00000000:0000 0A 00000000:00000000 00:00000000 00000000 0 0 -7 1 0",
            "   5: 00000000:FFFFFFFF 00000000:0000 0A 00000000:00000000 00:00000000 00000000 0 0 1"
                + " 1 0"));
  }
}
