package io.botasky.common.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class StartScheduleTest {
  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

  private static ZonedDateTime at(String local) {
    return ZonedDateTime.of(LocalDateTime.parse(local), BERLIN);
  }

  @ParameterizedTest
  @CsvSource({
    "daily 04:00, daily 04:00",
    "'  DAILY   04:00 ', daily 04:00",
    "sun 02:00, Sun 02:00",
    "mon-FRI 12:00, Mon-Fri 12:00",
    "1st 03:00, 1st 03:00",
    "2nd 00:00, 2nd 00:00",
    "3rd 23:59, 3rd 23:59",
    "11th 01:00, 11th 01:00",
    "22nd 01:00, 22nd 01:00",
    "31st 01:00, 31st 01:00"
  })
  void parsesAndPrintsCanonically(String text, String canonical) {
    assertThat(StartSchedule.parse(text).toString()).isEqualTo(canonical);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "daily",
        "04:00",
        "daily 4:00",
        "daily 24:00",
        "daily 12:60",
        "daily 04:00 extra",
        "Mon-Funday 12:00",
        "Monday 12:00",
        "1th 03:00",
        "2st 03:00",
        "11st 03:00",
        "0th 03:00",
        "32nd 03:00",
        "every 04:00"
      })
  void refusesWhatIsNoSchedule(String text) {
    assertThatThrownBy(() -> StartSchedule.parse(text))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void dailyStartsLaterTodayOrTomorrow() {
    StartSchedule s = StartSchedule.parse("daily 04:00");
    assertThat(s.next(at("2026-06-10T03:59:59"))).isEqualTo(at("2026-06-10T04:00"));
    // Strictly after: asked at the start itself, the next one is tomorrow's.
    assertThat(s.next(at("2026-06-10T04:00"))).isEqualTo(at("2026-06-11T04:00"));
  }

  @Test
  void weekDaysAndRangesIncludingAWrappingOne() {
    // 2026-06-12 is a Friday.
    StartSchedule weekdays = StartSchedule.parse("Mon-Fri 12:00");
    assertThat(weekdays.next(at("2026-06-12T12:00"))).isEqualTo(at("2026-06-15T12:00"));
    assertThat(StartSchedule.parse("Sun 02:00").next(at("2026-06-12T00:00")))
        .isEqualTo(at("2026-06-14T02:00"));
    StartSchedule weekend = StartSchedule.parse("Sat-Mon 08:00");
    assertThat(weekend.next(at("2026-06-12T09:00"))).isEqualTo(at("2026-06-13T08:00"));
    assertThat(weekend.next(at("2026-06-15T08:00"))).isEqualTo(at("2026-06-20T08:00"));
  }

  @Test
  void dayOfMonthSkipsMonthsWithoutIt() {
    assertThat(StartSchedule.parse("1st 03:00").next(at("2026-06-01T03:00")))
        .isEqualTo(at("2026-07-01T03:00"));
    // April has no 31st.
    assertThat(StartSchedule.parse("31st 03:00").next(at("2026-03-31T04:00")))
        .isEqualTo(at("2026-05-31T03:00"));
    assertThat(StartSchedule.parse("29th 03:00").next(at("2027-01-30T00:00")))
        .isEqualTo(at("2027-03-29T03:00"));
  }

  @Test
  void aStartInTheSpringGapRunsAtTheFirstInstantAfterIt() {
    // Europe/Berlin 2026-03-29: 02:00 CET jumps to 03:00 CEST; 02:30 does not exist.
    StartSchedule s = StartSchedule.parse("daily 02:30");
    ZonedDateTime start = s.next(at("2026-03-29T01:00"));
    assertThat(start.toInstant()).isEqualTo(at("2026-03-29T03:00").toInstant());
    assertThat(start.toLocalTime().toString()).isEqualTo("03:00");
    // And the day after, the usual time again.
    assertThat(s.next(start)).isEqualTo(at("2026-03-30T02:30"));
  }

  @Test
  void aRepeatedAutumnTimeRunsOnceAtItsFirstOccurrence() {
    // Europe/Berlin 2026-10-25: 03:00 CEST falls back to 02:00 CET; 02:30 happens twice.
    StartSchedule s = StartSchedule.parse("Sun 02:30");
    ZonedDateTime first = s.next(at("2026-10-25T00:00"));
    assertThat(first.getOffset().getTotalSeconds()).isEqualTo(2 * 3600);
    assertThat(first.toLocalTime().toString()).isEqualTo("02:30");
    // Asked again after the first run (and during the second 02:30): next week, not an hour later.
    ZonedDateTime secondOccurrence = first.plusHours(1);
    assertThat(secondOccurrence.toLocalTime().toString()).isEqualTo("02:30");
    assertThat(s.next(first)).isEqualTo(at("2026-11-01T02:30"));
    assertThat(s.next(secondOccurrence)).isEqualTo(at("2026-11-01T02:30"));
  }

  @Test
  void dailyOverAWholeYearInBerlinStartsOncePerDay() {
    StartSchedule s = StartSchedule.parse("daily 02:30");
    ZonedDateTime t = at("2026-01-01T00:00");
    int starts = 0;
    while (t.getYear() == 2026) {
      ZonedDateTime n = s.next(t);
      assertThat(n).isAfter(t);
      if (n.getYear() == 2026) {
        starts++;
      }
      t = n;
    }
    assertThat(starts).isEqualTo(365);
  }
}
