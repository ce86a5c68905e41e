package io.botasky.notifier.channel;

import io.botasky.common.text.SafeText;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Text shared by the channels: ordering of a group, times, the subject line. Pure. */
public final class Render {
  /** Millisecond UTC times, as in the contract's log line: {@code 2026-11-21T10:00:00.123Z}. */
  public static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private Render() {}

  public static String time(Instant t) {
    return t == null ? "-" : TIME.format(t);
  }

  /**
   * The items a message shows: one per alert (a recovery replaces a firing notice of the same alert
   * that had not gone out yet), firing before resolved, most severe first, then by id.
   */
  public static List<Item> shown(List<Item> items) {
    Map<Long, Item> byAlert = new LinkedHashMap<>();
    for (Item i : items) {
      Item prev = byAlert.get(i.alert().id());
      if (prev == null
          || i.stateWord().equals("RESOLVED")
          || i.step() > prev.step() && !prev.stateWord().equals("RESOLVED")) {
        byAlert.put(i.alert().id(), i);
      }
    }
    List<Item> out = new ArrayList<>(byAlert.values());
    out.sort(
        Comparator.comparing((Item i) -> i.stateWord().equals("RESOLVED"))
            .thenComparing(i -> -i.alert().severity().rank())
            .thenComparingLong(i -> i.alert().id()));
    return out;
  }

  /**
   * {@code [botasky] CRITICAL FIRING pi3 mysql:3306 replication_lag}, plus {@code (+N more)} for a
   * group. Always one line with no control character ({@link SafeText#line}): it becomes a mail
   * header, where a line break would start a header of the sender's choosing.
   */
  public static String subject(Notification n, String master) {
    if (n.test()) {
      return SafeText.line("[botasky] TEST mail from " + master);
    }
    List<Item> shown = shown(n.items());
    String s = "[botasky] " + shown.get(0).headline();
    return SafeText.line(shown.size() == 1 ? s : s + " (+" + (shown.size() - 1) + " more)");
  }

  /** How to ack, in words an operator can paste. */
  public static String ackHint(long alertId) {
    return "botasky ack "
        + alertId
        + " --by YOUR_NAME --comment \"...\"   (or POST /api/v1/alerts/"
        + alertId
        + "/ack)";
  }
}
