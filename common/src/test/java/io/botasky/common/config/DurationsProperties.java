package io.botasky.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.botasky.common.testkit.HostileConfig;
import java.time.Duration;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Durations and sizes from any text: a value or IllegalArgumentException, never another failure.
 */
class DurationsProperties {

  @Property
  void aDurationIsParsedOrRefusedWithAMessage(@ForAll("durationText") String text) {
    Duration d;
    try {
      d = Durations.parse(text);
    } catch (IllegalArgumentException e) {
      assertThat(e.getMessage()).isNotBlank();
      return;
    }
    // Callers use millis (timers, sleeps, SQL cut-offs): a parsed duration must have them.
    assertThatCode(d::toMillis).doesNotThrowAnyException();
    assertThat(d.isNegative()).isFalse();
  }

  @Property
  void aParsedDurationFormatsBackToItself(@ForAll("durationText") String text) {
    Duration d;
    try {
      d = Durations.parse(text);
    } catch (IllegalArgumentException e) {
      return;
    }
    assertThat(Durations.parse(Durations.format(d))).isEqualTo(d);
  }

  @Property
  void everyFormattedDurationParsesBack(@ForAll("millis") long ms) {
    Duration d = Duration.ofMillis(ms);
    assertThat(Durations.parse(Durations.format(d))).isEqualTo(d);
  }

  @Property
  void aSizeIsParsedOrRefusedWithAMessage(@ForAll("durationText") String text) {
    long n;
    try {
      n = Sizes.parse(text);
    } catch (IllegalArgumentException e) {
      assertThat(e.getMessage()).isNotBlank();
      return;
    }
    assertThat(n).isNotNegative();
  }

  @Provide
  Arbitrary<String> durationText() {
    return Arbitraries.oneOf(HostileConfig.unitText(), HostileConfig.valueText());
  }

  @Provide
  Arbitrary<Long> millis() {
    return Arbitraries.longs().between(0, Durations.MAX_MILLIS);
  }
}
