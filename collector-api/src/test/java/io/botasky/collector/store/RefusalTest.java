package io.botasky.collector.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.sql.SQLNonTransientException;
import org.junit.jupiter.api.Test;

class RefusalTest {
  @Test
  void namesTheColumnFromEachEnginesMessage() {
    assertThat(
            Refusal.of(
                new SQLException("Data too long for column 'summary' at row 1", "22001", 1406)))
        .contains(new Refusal("summary", true));
    assertThat(
            Refusal.of(
                new SQLException(
                    "Value too long for column \"summary CHARACTER VARYING(512)\":"
                        + " \"'\uD83D\uDD25…' (1024)\"; SQL statement:\n"
                        + "INSERT INTO …",
                    "22001",
                    22001)))
        .contains(new Refusal("summary", true));
    assertThat(
            Refusal.of(
                new SQLException(
                    "Incorrect string value: '\\xF0\\x9F' for column"
                        + " `botasky`.`alert_events`.`instance` at row 1",
                    "22007",
                    1366)))
        .contains(new Refusal("instance", false));
  }

  @Test
  void aCauseCountsAndAnythingElseIsNoRefusal() {
    assertThat(
            Refusal.of(
                new RuntimeException(
                    new SQLException("Data too long for column 'sysinfo' at row 1", "22001"))))
        .contains(new Refusal("sysinfo", true));
    assertThat(Refusal.of(new SQLNonTransientException("Table 'x' doesn't exist", "42S02")))
        .isEmpty();
    assertThat(Refusal.of(new SQLException("Duplicate entry", "23000"))).isEmpty();
    assertThat(Refusal.of(new SQLException("numeric value out of range", "22003")))
        .contains(new Refusal(null, false));
  }

  @Test
  void theMessageNamesTheFieldAndNothingOfTheDriver() {
    assertThat(new Refusal("summary", true).message("events[3].summary"))
        .isEqualTo("events[3].summary: too long for the database");
    assertThat(new Refusal(null, false).message(null))
        .isEqualTo("a value is refused by the database as invalid");
  }
}
