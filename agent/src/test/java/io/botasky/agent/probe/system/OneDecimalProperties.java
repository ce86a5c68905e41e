package io.botasky.agent.probe.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** {@link CpuProbe#oneDecimal} writes what {@code String.format(Locale.ROOT, "%.1f")} writes. */
class OneDecimalProperties {
  @Property(tries = 5000)
  void sameTextAsTheFormatter(@ForAll("readings") double d) {
    assertThat(CpuProbe.oneDecimal(d)).isEqualTo(String.format(Locale.ROOT, "%.1f", d));
  }

  @Provide
  Arbitrary<Double> readings() {
    return Arbitraries.oneOf(
        // Percentages and loads as the probes round them, and the ties between.
        Arbitraries.integers().between(-2000, 20000).map(i -> i / 10.0),
        Arbitraries.integers().between(-20000, 200000).map(i -> i / 100.0),
        Arbitraries.integers().between(-20000, 200000).map(i -> i / 1000.0),
        Arbitraries.doubles().between(-1e6, 1e6).ofScale(6),
        Arbitraries.doubles().between(-1e-3, 1e-3).ofScale(12),
        Arbitraries.doubles());
  }

  @Example
  void edgeCases() {
    for (double d :
        new double[] {
          0.0,
          -0.0,
          0.05,
          -0.05,
          0.15,
          0.25,
          0.35,
          0.45,
          2.675,
          1e-7,
          -1e-7,
          9.95,
          99.95,
          1e7,
          1.0E10,
          123456789.05,
          1e300,
          -1e300,
          Double.MIN_VALUE,
          Double.MAX_VALUE,
          Double.NaN,
          Double.POSITIVE_INFINITY,
          Double.NEGATIVE_INFINITY
        }) {
      assertThat(CpuProbe.oneDecimal(d))
          .as("%s", d)
          .isEqualTo(String.format(Locale.ROOT, "%.1f", d));
    }
  }
}
