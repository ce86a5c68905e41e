package io.botasky.common.time;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.zone.ZoneOffsetTransition;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A recurring maintenance window: the {@code every} syntax of docs/notifier.md, "Maintenance
 * windows" ({@code Sun 02:00-04:00}, {@code daily 01:00-01:30}, {@code Mon-Fri 12:00-12:15}, {@code
 * 1st 03:00-05:00}, {@code Sat 23:00-01:00}) read in one time zone. The days are those of {@link
 * StartSchedule} (one syntax for "which days"). Pure: the caller gives the instant; both daemons
 * use it (the collector lists next occurrences, the notifier suppresses).
 *
 * <p>Rules, as documented there:
 *
 * <ul>
 *   <li>The day names the day the window <em>starts</em>; an end before the start crosses midnight
 *       into the next day, but only when the window so read lasts at most {@link #MAX_OVERNIGHT}:
 *       an end before the start that would make a longer window is taken for swapped times and
 *       refused.
 *   <li>{@code 31st} (and 29th, 30th) happens only in months that have that day.
 *   <li>A window covers every instant whose local wall-clock time is inside it. On a spring-forward
 *       day a bound inside the gap becomes the end of the gap ({@code Sun 02:00-04:00} in Berlin on
 *       2026-03-29 is 03:00-04:00 CEST, one hour; {@code 02:00-02:30} does not happen that day). On
 *       a fall-back day a start that happens twice starts at its first pass and an end that happens
 *       twice ends at its second ({@code 02:00-03:00} on 2026-10-25 lasts two hours).
 * </ul>
 */
public final class WindowSchedule {
  /** The longest window an end before its start may spell (docs/notifier.md). */
  public static final Duration MAX_OVERNIGHT = Duration.ofHours(12);

  /** One occurrence: from {@code start} (inclusive) to {@code end} (exclusive). */
  public record Occurrence(Instant start, Instant end) {
    public boolean covers(Instant at) {
      return !at.isBefore(start) && at.isBefore(end);
    }
  }

  private static final Pattern TIMES =
      Pattern.compile("([01][0-9]|2[0-3]):([0-5][0-9])-([01][0-9]|2[0-3]):([0-5][0-9])");

  private final String text;
  private final StartSchedule days;
  private final LocalTime start;
  private final LocalTime end;
  private final boolean overnight;
  private final ZoneId zone;

  private WindowSchedule(String text, StartSchedule days, LocalTime end, ZoneId zone) {
    this.text = text;
    this.days = days;
    this.start = days.time();
    this.end = end;
    this.overnight = end.isBefore(start);
    this.zone = zone;
  }

  /**
   * Parses {@code every} ({@code DAYS HH:MM-HH:MM}) in {@code zone}.
   *
   * @throws IllegalArgumentException with a message fit for an operator
   */
  public static WindowSchedule parse(String every, ZoneId zone) {
    String[] parts = (every == null ? "" : every).strip().split("[ \t]+");
    if (parts.length != 2) {
      throw new IllegalArgumentException(
          "expected days and a time range, like \"Sun 02:00-04:00\", \"daily 01:00-01:30\","
              + " \"Mon-Fri 12:00-12:15\" or \"1st 03:00-05:00\"");
    }
    Matcher m = TIMES.matcher(parts[1]);
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "\"" + parts[1] + "\" is not a time range HH:MM-HH:MM (times 00:00 to 23:59)");
    }
    StartSchedule days = StartSchedule.parse(parts[0] + " " + m.group(1) + ":" + m.group(2));
    LocalTime from = days.time();
    LocalTime to = LocalTime.of(Integer.parseInt(m.group(3)), Integer.parseInt(m.group(4)));
    if (from.equals(to)) {
      throw new IllegalArgumentException(
          "the window " + parts[1] + " is empty: it ends when it starts");
    }
    if (to.isBefore(from) && Duration.between(from, to).plusDays(1).compareTo(MAX_OVERNIGHT) > 0) {
      throw new IllegalArgumentException(
          "the window "
              + parts[1]
              + " ends before it starts; an end before the start crosses midnight only when the"
              + " window lasts at most 12h (swapped times?)");
    }
    String canonical = days.toString().replaceFirst(" \\S+$", "") + " " + parts[1];
    return new WindowSchedule(canonical, days, to, zone);
  }

  /**
   * A time zone by its IANA name ({@code Asia/Shanghai}) or {@code UTC}.
   *
   * @throws IllegalArgumentException for an unknown one
   */
  public static ZoneId zone(String name) {
    try {
      return ZoneId.of(name.strip());
    } catch (DateTimeException e) {
      throw new IllegalArgumentException(
          "unknown time zone \"" + name + "\" (expected a name like Europe/Berlin or UTC)");
    }
  }

  public ZoneId zone() {
    return zone;
  }

  /** The text it was parsed from. */
  public String text() {
    return text;
  }

  /** The occurrence covering {@code at}, if any. */
  public Optional<Occurrence> active(Instant at) {
    LocalDate today = at.atZone(zone).toLocalDate();
    // A window lasts under a day (plus a DST hour), so it started today or yesterday.
    for (LocalDate d = today.minusDays(2); !d.isAfter(today); d = d.plusDays(1)) {
      Optional<Occurrence> o = on(d);
      if (o.isPresent() && o.get().covers(at)) {
        return o;
      }
    }
    return Optional.empty();
  }

  /** The first occurrence starting after {@code after}. */
  public Optional<Occurrence> next(Instant after) {
    LocalDate d = after.atZone(zone).toLocalDate().minusDays(1);
    // Every schedule happens within 14 months (31st: seven months a year).
    for (int i = 0; i < 430; i++, d = d.plusDays(1)) {
      Optional<Occurrence> o = on(d);
      if (o.isPresent() && o.get().start().isAfter(after)) {
        return o;
      }
    }
    return Optional.empty();
  }

  /** The occurrence starting on local date {@code d}, if the window happens that day. */
  Optional<Occurrence> on(LocalDate d) {
    if (!days.startsOn(d)) {
      return Optional.empty();
    }
    Instant s = instant(d.atTime(start), false);
    Instant e = instant((overnight ? d.plusDays(1) : d).atTime(end), true);
    if (!e.isAfter(s)) {
      return Optional.empty();
    }
    return Optional.of(new Occurrence(s, e));
  }

  /**
   * The instant of a window's bound: in a gap the end of the gap, in an overlap the first pass for
   * a start and the second for an end (the class comment).
   */
  private Instant instant(LocalDateTime local, boolean isEnd) {
    ZoneOffsetTransition tr = zone.getRules().getTransition(local);
    if (tr != null && tr.isGap()) {
      return tr.getInstant();
    }
    ZonedDateTime z = ZonedDateTime.ofLocal(local, zone, null);
    return (isEnd ? z.withLaterOffsetAtOverlap() : z.withEarlierOffsetAtOverlap()).toInstant();
  }

  @Override
  public String toString() {
    return text + " " + zone.getId();
  }
}
