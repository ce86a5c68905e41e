package io.botasky.collector.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@code expires_in} of an ack: a duration from 1s to 30d (docs/notifier.md, "Ack expiry"). */
class AckExpiryTest {
  @Test
  void goodDurations() {
    record Row(String text, Duration want) {}
    for (Row r :
        new Row[] {
          new Row("4h", Duration.ofHours(4)),
          new Row("1s", Duration.ofSeconds(1)),
          new Row("90m", Duration.ofMinutes(90)),
          new Row(" 1d ", Duration.ofDays(1)),
          new Row("30d", Duration.ofDays(30)),
          new Row("1000ms", Duration.ofSeconds(1)),
          new Row("2H", Duration.ofHours(2))
        }) {
      assertThat(AckExpiry.parse(r.text())).as(r.text()).isEqualTo(r.want());
    }
  }

  @Test
  void badDurationsSayWhy() {
    record Row(String text, String message) {}
    for (Row r :
        new Row[] {
          new Row("-4h", "must be positive"),
          new Row("400d", "at most 30d"),
          new Row("31d", "at most 30d"),
          new Row("721h", "at most 30d"),
          new Row("0s", "at least 1s"),
          new Row("999ms", "at least 1s"),
          new Row("4", "expected a duration"),
          new Row("", "expected a duration"),
          new Row("soon", "expected a duration"),
          new Row("4h30m", "expected a duration"),
          new Row("99999999999999999d", "expected a duration"),
          new Row("1.5h", "expected a duration")
        }) {
      assertThatThrownBy(() -> AckExpiry.parse(r.text()))
          .as(r.text())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining(r.message());
    }
  }
}
