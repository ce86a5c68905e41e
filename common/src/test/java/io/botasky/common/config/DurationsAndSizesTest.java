package io.botasky.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsAndSizesTest {

  @ParameterizedTest
  @CsvSource({"500ms,500", "5s,5000", "10m,600000", "2h,7200000", "1d,86400000", "' 30S ',30000"})
  void parsesDurations(String text, long millis) {
    assertThat(Durations.parse(text)).isEqualTo(Duration.ofMillis(millis));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "30",
        "s",
        "-5s",
        "5 seconds",
        "1.5s",
        "5w",
        "36501d",
        "999999999999d",
        "\u0663s"
      })
  void refusesBadDurations(String text) {
    assertThatThrownBy(() -> Durations.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("duration");
  }

  @ParameterizedTest
  @CsvSource({
    "512K,524288",
    "30M,31457280",
    "1G,1073741824",
    "100,100",
    "1m,1048576",
    "2MB,2097152",
    "4KiB,4096"
  })
  void parsesSizes(String text, long bytes) {
    assertThat(Sizes.parse(text)).isEqualTo(bytes);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "M", "1.5G", "-1K", "10X", "99999999999999T"})
  void refusesBadSizes(String text) {
    assertThatThrownBy(() -> Sizes.parse(text)).isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @CsvSource({"90s,90000", "2h,7200000", "1d,86400000", "1500ms,1500"})
  void formatsDurationsShortest(String expected, long millis) {
    assertThat(Durations.format(Duration.ofMillis(millis))).isEqualTo(expected);
  }
}
