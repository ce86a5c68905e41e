package io.botasky.agent.probe.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ListeningSocketsTest {
  private static final String HEAD =
      "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout"
          + " inode\n";

  @Test
  void listeningSocketsByInodeAndPortsOutOfRangeSkipped() {
    String text =
        HEAD
            + "   0: 00000000:0CEA 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0   "
            + "     0 12345 1 0\n"
            + "   1: 0100007F:0016 00000000:0000 01 00000000:00000000 00:00000000 00000000     0   "
            + "     0 23456 1 0\n"
            + "   2: 00000000:10000 00000000:0000 0A 00000000:00000000 00:00000000 00000000    0   "
            + "     0 99 1 0\n"
            + "   3: 00000000:-1 00000000:0000 0A 00000000:00000000 00:00000000 00000000    0      "
            + "  0 98 1 0\n"
            + "   4: 00000000:0016 00000000:0000 0A 00000000:00000000 00:00000000 00000000    0    "
            + "    0 -7 1 0\n";
    assertThat(ListeningSockets.parse(text)).containsExactly(java.util.Map.entry(12345L, 3306));
  }
}
