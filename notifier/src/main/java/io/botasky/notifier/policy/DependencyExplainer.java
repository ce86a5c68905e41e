package io.botasky.notifier.policy;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * The dependency lines of {@code boird explain ALERT_ID} (docs/notifier.md, "Dependencies"): which
 * parent holds the alert back now and under which rule, and since when; or when it last was. Pure.
 */
public final class DependencyExplainer {
  private static final DateTimeFormatter T =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

  private DependencyExplainer() {}

  /**
   * @param now the parent holding the alert back now (as the planner decides it), or null
   * @param lastParent the parent of the last recorded episode, or null when there was none
   * @param lastRule its rule ({@link Suppression#HOST_DOWN} or {@code [dependency NAME]})
   * @param since when the planner first held the alert back in that episode
   * @param until when that episode ended, or null while it lasts
   */
  public static List<String> lines(
      AlertFacts a,
      Suppression now,
      Long lastParent,
      String lastRule,
      Instant since,
      Instant until) {
    List<String> out = new ArrayList<>();
    boolean open = lastParent != null && until == null;
    if (now != null && a.state() == io.botasky.common.wire.AlertState.FIRING) {
      out.add(
          "held back by "
              + now.describe()
              + (open && lastParent == now.parentId() ? " since " + T.format(since) : "")
              + ": "
              + Reason.SUPPRESSED_BY_PARENT
              + ", listed in the parent's mail; notified from its normal steps if still firing"
              + " when the parent ends");
    } else if (lastParent != null) {
      out.add(
          "was held back by parent alert "
              + lastParent
              + " under "
              + (Suppression.HOST_DOWN.equals(lastRule) ? "the built-in host_down rule" : lastRule)
              + " from "
              + T.format(since)
              + (until == null ? "" : " to " + T.format(until)));
    }
    return out;
  }
}
