package io.botasky.common.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The {@code every} syntax of docs/notifier.md, "Maintenance windows": a table per function. */
class WindowScheduleTest {

  private static String show(java.util.Optional<WindowSchedule.Occurrence> o) {
    return o.map(x -> x.start() + "/" + x.end()).orElse("none");
  }

  /** every, zone, instant asked about, the occurrence covering it (UTC) or none. */
  @ParameterizedTest(name = "{0} {1} at {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        // A plain weekly window, its bounds inclusive / exclusive.
        "Sun 02:00-04:00 | UTC | 2026-12-06T02:00:00Z | 2026-12-06T02:00:00Z/2026-12-06T04:00:00Z",
        "Sun 02:00-04:00 | UTC | 2026-12-06T03:59:59Z | 2026-12-06T02:00:00Z/2026-12-06T04:00:00Z",
        "Sun 02:00-04:00 | UTC | 2026-12-06T04:00:00Z | none",
        "Sun 02:00-04:00 | UTC | 2026-12-06T01:59:59Z | none",
        "Sun 02:00-04:00 | UTC | 2026-12-07T03:00:00Z | none",
        // The zone: Shanghai is UTC+8.
        "Sun 02:00-04:00 | Asia/Shanghai | 2026-12-05T18:30:00Z"
            + " | 2026-12-05T18:00:00Z/2026-12-05T20:00:00Z",
        // Across midnight: the day names the start; Sunday 00:30 is in Saturday's window.
        "Sat 23:00-01:00 | UTC | 2026-12-06T00:30:00Z | 2026-12-05T23:00:00Z/2026-12-06T01:00:00Z",
        "Sat 23:00-01:00 | UTC | 2026-12-05T22:59:00Z | none",
        "Sat 23:00-01:00 | UTC | 2026-12-06T01:00:00Z | none",
        // ... and Friday night's 00:30 is not (the window starts on Saturdays only).
        "Sat 23:00-01:00 | UTC | 2026-12-05T00:30:00Z | none",
        "daily 23:30-00:30 | UTC | 2026-12-01T00:10:00Z |"
            + " 2026-11-30T23:30:00Z/2026-12-01T00:30:00Z",
        "Mon-Fri 12:00-12:15 | UTC | 2026-12-04T12:10:00Z |"
            + " 2026-12-04T12:00:00Z/2026-12-04T12:15:00Z",
        "Mon-Fri 12:00-12:15 | UTC | 2026-12-05T12:10:00Z | none",
        "1st 03:00-05:00 | UTC | 2026-12-01T04:00:00Z | 2026-12-01T03:00:00Z/2026-12-01T05:00:00Z",
        "1st 03:00-05:00 | UTC | 2026-12-02T04:00:00Z | none",
        // Spring forward, Berlin 2026-03-29 02:00 CET -> 03:00 CEST (01:00Z): 02:00-04:00 is the
        // hour 03:00-04:00 CEST that exists.
        "Sun 02:00-04:00 | Europe/Berlin | 2026-03-29T01:30:00Z"
            + " | 2026-03-29T01:00:00Z/2026-03-29T02:00:00Z",
        "Sun 02:00-04:00 | Europe/Berlin | 2026-03-29T00:59:00Z | none",
        // A window wholly inside the gap does not happen that day.
        "Sun 02:00-02:30 | Europe/Berlin | 2026-03-29T01:00:00Z | none",
        // Fall back, Berlin 2026-10-25 03:00 CEST -> 02:00 CET (01:00Z): 02:00-03:00 covers both
        // passes, 00:00Z to 02:00Z.
        "Sun 02:00-03:00 | Europe/Berlin | 2026-10-25T00:00:00Z"
            + " | 2026-10-25T00:00:00Z/2026-10-25T02:00:00Z",
        "Sun 02:00-03:00 | Europe/Berlin | 2026-10-25T01:59:00Z"
            + " | 2026-10-25T00:00:00Z/2026-10-25T02:00:00Z",
        "Sun 02:30-02:45 | Europe/Berlin | 2026-10-25T01:40:00Z"
            + " | 2026-10-25T00:30:00Z/2026-10-25T01:45:00Z",
        // Between the two passes (02:45 CEST .. 02:30 CET) the wall clock is outside the window,
        // but the window is one span: it stays covered.
        "Sun 02:30-02:45 | Europe/Berlin | 2026-10-25T01:00:00Z"
            + " | 2026-10-25T00:30:00Z/2026-10-25T01:45:00Z",
        // New York: 2026-03-08 02:00 EST -> 03:00 EDT (07:00Z); 2026-11-01 02:00 EDT -> 01:00 EST
        // (06:00Z).
        "daily 02:30-03:30 | America/New_York | 2026-03-08T07:10:00Z"
            + " | 2026-03-08T07:00:00Z/2026-03-08T07:30:00Z",
        "daily 02:30-03:30 | America/New_York | 2026-03-09T07:10:00Z"
            + " | 2026-03-09T06:30:00Z/2026-03-09T07:30:00Z",
        "daily 01:00-01:30 | America/New_York | 2026-11-01T06:15:00Z"
            + " | 2026-11-01T05:00:00Z/2026-11-01T06:30:00Z",
      })
  void active(String every, String zone, String at, String expected) {
    WindowSchedule s = WindowSchedule.parse(every, ZoneId.of(zone));
    assertThat(show(s.active(Instant.parse(at)))).isEqualTo(expected);
  }

  /** every, zone, instant after, the next occurrence starting strictly after it (UTC). */
  @ParameterizedTest(name = "{0} {1} after {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "Sun 02:00-04:00 | UTC | 2026-12-07T00:00:00Z | 2026-12-13T02:00:00Z/2026-12-13T04:00:00Z",
        // Inside a window, next is the one after it.
        "Sun 02:00-04:00 | UTC | 2026-12-06T03:00:00Z | 2026-12-13T02:00:00Z/2026-12-13T04:00:00Z",
        "Sun 02:00-04:00 | UTC | 2026-12-06T01:59:59Z | 2026-12-06T02:00:00Z/2026-12-06T04:00:00Z",
        "Mon-Fri 12:00-12:15 | UTC | 2026-12-04T12:00:00Z"
            + " | 2026-12-07T12:00:00Z/2026-12-07T12:15:00Z",
        "Fri-Mon 12:00-12:15 | UTC | 2026-12-05T13:00:00Z"
            + " | 2026-12-06T12:00:00Z/2026-12-06T12:15:00Z",
        "Sat 23:00-01:00 | UTC | 2026-12-01T00:00:00Z | 2026-12-05T23:00:00Z/2026-12-06T01:00:00Z",
        "1st 03:00-05:00 | Asia/Shanghai | 2026-12-07T00:00:00Z"
            + " | 2026-12-31T19:00:00Z/2026-12-31T21:00:00Z",
        // 31st: skipped in months without one (April, June).
        "31st 01:00-02:00 | UTC | 2026-04-01T00:00:00Z | 2026-05-31T01:00:00Z/2026-05-31T02:00:00Z",
        "31st 01:00-02:00 | UTC | 2026-05-31T01:00:00Z | 2026-07-31T01:00:00Z/2026-07-31T02:00:00Z",
        "29th 01:00-02:00 | UTC | 2027-01-30T00:00:00Z | 2027-03-29T01:00:00Z/2027-03-29T02:00:00Z",
        // A window wholly inside the spring gap is skipped that day.
        "Sun 02:00-02:30 | Europe/Berlin | 2026-03-28T00:00:00Z"
            + " | 2026-04-05T00:00:00Z/2026-04-05T00:30:00Z",
        "Sun 02:00-04:00 | Europe/Berlin | 2026-03-28T00:00:00Z"
            + " | 2026-03-29T01:00:00Z/2026-03-29T02:00:00Z",
        "Sun 02:00-03:00 | Europe/Berlin | 2026-10-24T00:00:00Z"
            + " | 2026-10-25T00:00:00Z/2026-10-25T02:00:00Z",
        // The autumn window starts once, at its first pass.
        "Sun 02:00-03:00 | Europe/Berlin | 2026-10-25T00:00:00Z"
            + " | 2026-11-01T01:00:00Z/2026-11-01T02:00:00Z",
        "daily 01:00-01:30 | America/New_York | 2026-10-31T12:00:00Z"
            + " | 2026-11-01T05:00:00Z/2026-11-01T06:30:00Z",
      })
  void next(String every, String zone, String after, String expected) {
    WindowSchedule s = WindowSchedule.parse(every, ZoneId.of(zone));
    assertThat(show(s.next(Instant.parse(after)))).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "Sun 02:00-04:00 | Sun 02:00-04:00",
        "  sun   02:00-04:00 | Sun 02:00-04:00",
        "DAILY 01:00-01:30 | daily 01:00-01:30",
        "mon-fri 12:00-12:15 | Mon-Fri 12:00-12:15",
        "1st 03:00-05:00 | 1st 03:00-05:00",
        "Sat 23:00-01:00 | Sat 23:00-01:00",
        "daily 12:00-00:00 | daily 12:00-00:00",
      })
  void canonical(String every, String expected) {
    assertThat(WindowSchedule.parse(every, ZoneId.of("UTC")).text()).isEqualTo(expected);
  }

  /** every, a piece of the message. */
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "Sun 25:00-26:00 | is not a time range HH:MM-HH:MM",
        "Sun 02:00-24:00 | is not a time range HH:MM-HH:MM",
        "Sun 2:00-4:00 | is not a time range HH:MM-HH:MM",
        "Sun 02:00 | is not a time range HH:MM-HH:MM",
        "Funday 01:00-02:00 | \"Funday\" is not daily, a day Mon to Sun",
        "Mon-Funday 01:00-02:00 | is not daily, a day Mon to Sun",
        "32nd 01:00-02:00 | is not daily",
        "1th 01:00-02:00 | write 1st for day 1",
        // Swapped times: read as crossing midnight it would last 22h.
        "Sun 04:00-02:00 | ends before it starts",
        "daily 12:00-23:59 | ",
        "Sun 02:00-02:00 | is empty",
        "Sun | expected days and a time range",
        "' ' | expected days and a time range",
        "Sun 02:00-04:00 extra | expected days and a time range",
      })
  void refused(String every, String message) {
    if (message == null) {
      // The control row: a long window not crossing midnight is fine.
      assertThat(WindowSchedule.parse(every, ZoneId.of("UTC")).text()).isEqualTo(every);
      return;
    }
    assertThatThrownBy(() -> WindowSchedule.parse(every, ZoneId.of("UTC")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(message);
  }

  @ParameterizedTest
  @CsvSource({"Mars/Olympus", "Europe/Berlinn", "''", "CEST"})
  void unknownZones(String zone) {
    assertThatThrownBy(() -> WindowSchedule.zone(zone))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown time zone");
  }

  @ParameterizedTest
  @CsvSource({"Europe/Berlin", "UTC", "Asia/Shanghai", "' America/New_York '"})
  void knownZones(String zone) {
    assertThat(WindowSchedule.zone(zone).getId()).isEqualTo(zone.strip());
  }
}
