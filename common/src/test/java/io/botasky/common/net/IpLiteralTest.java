package io.botasky.common.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Literals only, no lookup; one canonical form per address. */
class IpLiteralTest {
  @ParameterizedTest
  @CsvSource({
    "10.0.0.100, 10.0.0.100",
    "0.0.0.0, 0.0.0.0",
    "255.255.255.255, 255.255.255.255",
    "::1, ::1",
    "::, ::",
    "FE80:0000:0000:0000:0000:0000:0000:0001, fe80::1",
    "2001:db8:0:0:1:0:0:1, 2001:db8::1:0:0:1",
    "2001:0db8:0000:0000:0000:0000:0002:0001, 2001:db8::2:1",
    "2001:db8:0:1:1:1:1:1, 2001:db8:0:1:1:1:1:1",
    "1::, 1::",
    "::ffff:10.1.2.3, ::ffff:10.1.2.3",
    "0:0:0:0:0:ffff:0a01:0203, ::ffff:10.1.2.3",
    "64:ff9b::192.0.2.33, 64:ff9b::c000:221",
  })
  void canonical(String in, String out) throws Exception {
    assertThat(IpLiteral.canonical(in)).contains(out);
    // The same address as the JDK reads it, for literals the JDK accepts without a lookup.
    assertThat(InetAddress.getByName(out)).isEqualTo(InetAddress.getByName(in));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        " 10.0.0.1",
        "10.0.0.1 ",
        "10.0.0",
        "10.0.0.1.2",
        "256.0.0.1",
        "010.0.0.1",
        "1.2.3.-4",
        "1.2.3.4/24",
        "example.com",
        "localhost",
        "10.9.9.9\r\nFORGED",
        "10.9.9.9\u001b[31m",
        "1:2:3:4:5:6:7",
        "1:2:3:4:5:6:7:8:9",
        "1::2::3",
        ":::",
        "fe80::1%eth0",
        "[::1]",
        "12345::",
        "g::1",
        "::1.2.3",
        "1.2.3.4::",
        "::ffff:1.2.3.256",
        "1:2:3:4:5:6:7:8::",
        "١٢.٠.٠.١",
        "ｆｅ80::1",
      })
  void refused(String in) {
    assertThat(IpLiteral.canonical(in)).as(in).isEmpty();
    assertThat(IpLiteral.isLiteral(in)).isFalse();
  }
}
