package io.botasky.common.time;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.time.zone.ZoneOffsetTransition;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A start-time schedule such as {@code daily 04:00}, {@code Mon-Fri 12:00}, {@code Sun 02:00} or
 * {@code 1st 03:00} (docs/config-reference.md, {@code schedule_NAME}): the days on which something
 * starts, and the local time of day it starts at. Only start times: nothing here repeats within a
 * day. Pure: the zone comes with the instant {@link #next} is asked about.
 *
 * <p>Daylight saving time: a start time that does not exist on a spring-forward day (02:30 in
 * Europe/Berlin on the last Sunday of March) starts at the first instant after the gap (03:00); a
 * time that occurs twice on an autumn day starts once, at its first occurrence.
 *
 * <p>A day of month the month does not have ({@code 31st} in April) is skipped that month.
 */
public final class StartSchedule {
  private static final Pattern TIME = Pattern.compile("([01][0-9]|2[0-3]):([0-5][0-9])");
  private static final Pattern DAYS = Pattern.compile("([A-Za-z]{3})(?:-([A-Za-z]{3}))?");
  private static final Pattern MONTH_DAY = Pattern.compile("([1-9]|[12][0-9]|3[01])(st|nd|rd|th)");
  private static final List<String> DAY_NAMES =
      List.of("mon", "tue", "wed", "thu", "fri", "sat", "sun");

  /** Longest search for the next start: a 31st can be two months away, a 29th... Feb. */
  private static final int MAX_DAYS = 4 * 366 + 1;

  private final String spec;
  private final Set<DayOfWeek> weekDays;
  private final int monthDay;
  private final LocalTime time;

  private StartSchedule(String spec, Set<DayOfWeek> weekDays, int monthDay, LocalTime time) {
    this.spec = spec;
    this.weekDays = weekDays;
    this.monthDay = monthDay;
    this.time = time;
  }

  /**
   * Parses {@code text}: {@code daily HH:MM}, {@code DAY HH:MM} or {@code DAY-DAY HH:MM} (days
   * {@code Mon} … {@code Sun}; a range may wrap, {@code Sat-Mon}), or {@code Nth HH:MM} (day of the
   * month, {@code 1st} … {@code 31st}). Names are not case-sensitive; HH:MM is 24-hour.
   *
   * @throws IllegalArgumentException saying what is wrong, for a configuration error
   */
  public static StartSchedule parse(String text) {
    String[] parts = text.strip().split("[ \t]+");
    if (parts.length != 2) {
      throw new IllegalArgumentException(
          "expected a day and a time, like \"daily 04:00\", \"Mon-Fri 12:00\", \"Sun 02:00\" or"
              + " \"1st 03:00\"");
    }
    Matcher t = TIME.matcher(parts[1]);
    if (!t.matches()) {
      throw new IllegalArgumentException(
          "\"" + parts[1] + "\" is not a time of day HH:MM (00:00 to 23:59)");
    }
    LocalTime time = LocalTime.of(Integer.parseInt(t.group(1)), Integer.parseInt(t.group(2)));
    String day = parts[0];
    if (day.equalsIgnoreCase("daily")) {
      return new StartSchedule("daily " + parts[1], EnumSet.allOf(DayOfWeek.class), 0, time);
    }
    Matcher m = MONTH_DAY.matcher(day.toLowerCase(Locale.ROOT));
    if (m.matches()) {
      int n = Integer.parseInt(m.group(1));
      if (!m.group(2).equals(suffix(n))) {
        throw new IllegalArgumentException(
            "\"" + day + "\": write " + n + suffix(n) + " for day " + n + " of the month");
      }
      return new StartSchedule(n + suffix(n) + " " + parts[1], Set.of(), n, time);
    }
    Matcher d = DAYS.matcher(day);
    if (d.matches()) {
      int from = dayIndex(d.group(1));
      int to = d.group(2) == null ? from : dayIndex(d.group(2));
      if (from >= 0 && to >= 0) {
        EnumSet<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        for (int i = from; ; i = (i + 1) % 7) {
          days.add(DayOfWeek.of(i + 1));
          if (i == to) {
            break;
          }
        }
        String name = cap(from) + (d.group(2) == null ? "" : "-" + cap(to));
        return new StartSchedule(name + " " + parts[1], days, 0, time);
      }
    }
    throw new IllegalArgumentException(
        "\""
            + day
            + "\" is not daily, a day Mon to Sun, a range like Mon-Fri, or a day of the month like"
            + " 1st");
  }

  private static int dayIndex(String name) {
    return DAY_NAMES.indexOf(name.toLowerCase(Locale.ROOT));
  }

  private static String cap(int index) {
    String n = DAY_NAMES.get(index);
    return Character.toUpperCase(n.charAt(0)) + n.substring(1);
  }

  private static String suffix(int n) {
    if (n % 100 >= 11 && n % 100 <= 13) {
      return "th";
    }
    return switch (n % 10) {
      case 1 -> "st";
      case 2 -> "nd";
      case 3 -> "rd";
      default -> "th";
    };
  }

  /**
   * The first start strictly after {@code after}, in its zone. Pure.
   *
   * <p>On a spring-forward day a start inside the gap is the first instant after it; on an autumn
   * day a repeated time is taken at its first occurrence only, so it starts once.
   */
  public ZonedDateTime next(ZonedDateTime after) {
    LocalDate date = after.toLocalDate();
    for (int i = 0; i <= MAX_DAYS; i++, date = date.plusDays(1)) {
      if (!matches(date)) {
        continue;
      }
      ZonedDateTime start = startOn(date, after);
      if (start.isAfter(after)) {
        return start;
      }
    }
    // Unreachable: every schedule the parser makes has a day within four years.
    throw new IllegalStateException("no start of " + spec + " after " + after);
  }

  /**
   * Whether something starts on {@code date} (a maintenance window's day, {@link WindowSchedule}).
   */
  public boolean startsOn(LocalDate date) {
    return matches(date);
  }

  /** The local time of day of each start. */
  public LocalTime time() {
    return time;
  }

  private boolean matches(LocalDate date) {
    return monthDay > 0 ? date.getDayOfMonth() == monthDay : weekDays.contains(date.getDayOfWeek());
  }

  private ZonedDateTime startOn(LocalDate date, ZonedDateTime in) {
    LocalDateTime local = date.atTime(time);
    ZoneOffsetTransition tr = in.getZone().getRules().getTransition(local);
    if (tr != null && tr.isGap()) {
      // The time does not exist that day: the first instant that does, the end of the gap.
      return ZonedDateTime.ofInstant(tr.getInstant(), in.getZone());
    }
    // In an overlap, ofLocal without a preferred offset takes the earlier one: the first
    // occurrence. The later one is never a candidate, so the start happens once.
    return ZonedDateTime.ofLocal(local, in.getZone(), null);
  }

  /** The schedule as written canonically ({@code Mon-Fri 12:00}). */
  @Override
  public String toString() {
    return spec;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof StartSchedule s && s.spec.equals(spec);
  }

  @Override
  public int hashCode() {
    return spec.hashCode();
  }
}
