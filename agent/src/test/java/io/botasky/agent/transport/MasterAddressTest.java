package io.botasky.agent.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MasterAddressTest {
  @Test
  void aHostAloneTakesTheDefaultPort() throws Exception {
    MasterAddress a = MasterAddress.parse(" pi9 ", 8732);
    assertThat(a).isEqualTo(new MasterAddress("pi9", 8732));
    assertThat(a.base(false).toString()).isEqualTo("http://pi9:8732");
    assertThat(a.base(true).toString()).isEqualTo("https://pi9:8732");
  }

  @Test
  void aPortAfterAColonOrABracketOverridesIt() throws Exception {
    assertThat(MasterAddress.parse("127.0.0.1:9000", 8732))
        .isEqualTo(new MasterAddress("127.0.0.1", 9000));
    assertThat(MasterAddress.parse("[::1]:9000", 8732).base(false).toString())
        .isEqualTo("http://[::1]:9000");
    assertThat(MasterAddress.parse("[fe80::1]", 8732))
        .isEqualTo(new MasterAddress("fe80::1", 8732));
  }

  @Test
  void aBareIpv6LiteralIsAHostAsBefore() throws Exception {
    MasterAddress a = MasterAddress.parse("::1", 8732);
    assertThat(a).isEqualTo(new MasterAddress("::1", 8732));
    assertThat(a.base(false).toString()).isEqualTo("http://[::1]:8732");
    assertThat(a.toString()).isEqualTo("[::1]:8732");
  }

  @Test
  void whatIsNoHostOrPortIsRefused() {
    for (String bad :
        new String[] {
          "",
          " ",
          "pi 9",
          "pi9:0",
          "pi9:65536",
          "pi9:x",
          "pi9:",
          "[::1",
          "[::1]x",
          "http://pi9",
          "under_score",
          ":8732"
        }) {
      assertThatThrownBy(() -> MasterAddress.parse(bad, 8732))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void theSameCollectorIsFoundWhateverTheCase() {
    assertThat(MasterAddress.parse("Pi9", 8732).key())
        .isEqualTo(MasterAddress.parse("pi9:8732", 1).key());
  }
}
