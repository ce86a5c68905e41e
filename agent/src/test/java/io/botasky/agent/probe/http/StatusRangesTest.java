package io.botasky.agent.probe.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The written forms of expect_status: ranges, lists, and what is refused. */
class StatusRangesTest {

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "200-399   | 200 | true",
        "200-399   | 399 | true",
        "200-399   | 404 | false",
        "200,204   | 204 | true",
        "200,204   | 201 | false",
        "200-299, 301 | 301 | true",
        "200-299, 301 | 302 | false",
        "500       | 500 | true",
      })
  void acceptsTheCodesWritten(String text, int status, boolean accepted) {
    assertThat(StatusRanges.parse(text).contains(status)).isEqualTo(accepted);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "2xx", "200-", "399-200", "99", "600", "200;204", "200,,204", "abc"})
  void refusesWhatIsNotAStatusList(String text) {
    assertThatThrownBy(() -> StatusRanges.parse(text)).isInstanceOf(IllegalArgumentException.class);
  }
}
