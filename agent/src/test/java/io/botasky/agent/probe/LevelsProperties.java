package io.botasky.agent.probe;

import static org.assertj.core.api.Assertions.assertThat;

import io.botasky.common.config.ConfFile;
import io.botasky.common.config.ConfigReport;
import io.botasky.common.config.Section;
import io.botasky.common.testkit.HostileConfig;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Threshold keys of any value: levels written as plain decimals (or off), or an error naming the
 * key.
 */
class LevelsProperties {
  private static final Levels DEF = new Levels(null, 80.0, 90.0);

  @Property
  void anyThresholdIsAPlainNumberOffOrAnError(
      @ForAll("value") String note,
      @ForAll("value") String warning,
      @ForAll("value") String critical) {
    ConfigReport report = new ConfigReport();
    Section s =
        ConfFile.parse(
            "c.ini",
            "cpu_note = "
                + note
                + "\ncpu_warning = "
                + warning
                + "\ncpu_critical = "
                + critical
                + "\n",
            report);
    Levels l = Levels.read(s, "cpu", DEF);
    report.errors().forEach(p -> assertThat(p.key()).startsWith("cpu_"));
    for (var e : s.entries()) {
      boolean refused = report.errors().stream().anyMatch(p -> e.key().equals(p.key()));
      if (!refused && !e.value().isEmpty()) {
        assertThat(e.value().strip().toLowerCase(java.util.Locale.ROOT))
            .as(e.key())
            .matches("off|none|([0-9]+(\\.[0-9]*)?|\\.[0-9]+)%?");
      }
    }
    for (Double d : new Double[] {l.note(), l.warning(), l.critical()}) {
      if (d != null) {
        assertThat(d).isFinite().isNotNegative();
      }
    }
  }

  @Provide
  Arbitrary<String> value() {
    return Arbitraries.oneOf(
        Arbitraries.of(
            "90",
            "90%",
            "85.5",
            "off",
            "none",
            "OFF",
            "5f",
            "1e2",
            "0x1p3",
            "+5",
            "\u0669\u0660",
            "-1",
            "NaN",
            "Infinity",
            "1e400",
            "%",
            ""),
        HostileConfig.numberText(),
        Arbitraries.of(List.of("a")).map(l -> "x"));
  }
}
