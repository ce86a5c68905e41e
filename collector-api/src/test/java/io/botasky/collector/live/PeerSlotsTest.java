package io.botasky.collector.live;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PeerSlotsTest {
  @Test
  void eachAddressHasItsOwnSlotsAndGivesThemBack() {
    PeerSlots s = new PeerSlots(2);
    assertThat(s.acquire("10.0.0.1")).isTrue();
    assertThat(s.acquire("10.0.0.1")).isTrue();
    assertThat(s.acquire("10.0.0.1")).as("third stream from one address").isFalse();
    assertThat(s.acquire("10.0.0.2")).as("another address is not affected").isTrue();
    s.release("10.0.0.1");
    assertThat(s.acquire("10.0.0.1")).isTrue();
  }
}
