package io.botasky.agent.probe.tcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The escapes of send: \r \n \t \\ and nothing else. */
class TcpEscapesTest {

  @Test
  void decodesTheFourEscapes() {
    assertThat(TcpEscapes.decode("status\\n")).isEqualTo("status\n");
    assertThat(TcpEscapes.decode("a\\r\\n\\tb\\\\c")).isEqualTo("a\r\n\tb\\c");
    assertThat(TcpEscapes.decode("plain")).isEqualTo("plain");
  }

  @Test
  void refusesOtherEscapesAndALoneBackslash() {
    assertThatThrownBy(() -> TcpEscapes.decode("x\\N")).hasMessageContaining("unknown escape \\N");
    assertThatThrownBy(() -> TcpEscapes.decode("x\\")).hasMessageContaining("lone");
  }
}
