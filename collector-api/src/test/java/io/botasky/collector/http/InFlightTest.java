package io.botasky.collector.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class InFlightTest {
  @Test
  void admitsByExpectedParsedSizeAndRefusesWhatCanNeverFit() {
    InFlight f = new InFlight(1000, 100);
    assertThat(f.enter(10, 600)).isEqualTo(InFlight.Admission.ADMITTED);
    assertThat(f.enter(10, 500))
        .as("over the budget while the first is handled")
        .isEqualTo(InFlight.Admission.BUSY);
    assertThat(f.enter(10, 1001)).as("would not fit alone").isEqualTo(InFlight.Admission.NEVER);
    f.exit(10, 600);
    assertThat(f.enter(10, 1000)).isEqualTo(InFlight.Admission.ADMITTED);
  }

  @Test
  void atMostTwoLargeBodiesAtOnce() {
    InFlight f = new InFlight(1L << 40, 1L << 40);
    long large = InFlight.LARGE_BODY;
    assertThat(f.enter(large, 1)).isEqualTo(InFlight.Admission.ADMITTED);
    assertThat(f.enter(large, 1)).isEqualTo(InFlight.Admission.ADMITTED);
    assertThat(f.enter(large, 1)).isEqualTo(InFlight.Admission.LARGE_BUSY);
    assertThat(f.enter(large - 1, 1))
        .as("a small one still goes")
        .isEqualTo(InFlight.Admission.ADMITTED);
    f.exit(large, 1);
    assertThat(f.enter(large, 1)).isEqualTo(InFlight.Admission.ADMITTED);
  }

  @Test
  void arrivingBodiesHoldTheirDeclaredLength() {
    InFlight f = new InFlight(1000, 100);
    assertThat(f.reserveArriving(60)).isTrue();
    assertThat(f.reserveArriving(60)).isFalse();
    assertThat(f.reserveArriving(0)).as("no body needs no room").isTrue();
    f.releaseArriving(60);
    assertThat(f.reserveArriving(100)).isTrue();
  }

  @Test
  void estimateWeighsContainersAndSeparators() {
    byte[] empties = "{\"a\":[{},{},{}]}".getBytes(StandardCharsets.UTF_8);
    // 16 bytes, 5 containers, 1 colon and 2 commas.
    assertThat(ParsedSize.estimate(empties)).isEqualTo(16 * 4 + 5 * 96 + 3 * 48);
    byte[] text = "\"just a long string without structure\"".getBytes(StandardCharsets.UTF_8);
    assertThat(ParsedSize.estimate(text)).isEqualTo(text.length * 4L);
  }
}
