package io.botasky.notifier.policy;

import java.util.List;
import java.util.TreeSet;

/**
 * The resource selectors of one boird ({@code --mfsmaster}, {@code --mysql}, …), like the original
 * "sounder": an instance handles only the alerts its selectors name; none = every alert. The key is
 * stored on the ledger rows it plans, so it delivers only those.
 */
public record Scope(List<String> selectors) {
  /** Selectors naming an mfs daemon: {@code mfs} alerts of that instance. */
  public static final List<String> MFS_DAEMONS =
      List.of("mfsmaster", "mfschunkserver", "mfsmetalogger", "mfscgiserv");

  /** Selectors naming a whole resource. */
  public static final List<String> RESOURCES =
      List.of("mfs", "mysql", "redis", "keepalived", "system", "process", "host");

  public Scope {
    selectors = List.copyOf(new TreeSet<>(selectors));
  }

  public static Scope all() {
    return new Scope(List.of());
  }

  public boolean covers(AlertFacts a) {
    if (selectors.isEmpty()) {
      return true;
    }
    for (String s : selectors) {
      if (MFS_DAEMONS.contains(s)
          ? "mfs".equals(a.resource()) && s.equals(a.instance())
          : s.equals(a.resource())) {
        return true;
      }
    }
    return false;
  }

  /**
   * The same filter as {@link #covers} as an SQL condition on {@code alerts a}, or {@code 1=1}. The
   * selectors are fixed words (see {@link #MFS_DAEMONS}, {@link #RESOURCES}), so they are inlined.
   */
  public String sql() {
    if (selectors.isEmpty()) {
      return "1=1";
    }
    List<String> terms = new java.util.ArrayList<>();
    for (String s : selectors) {
      if (!MFS_DAEMONS.contains(s) && !RESOURCES.contains(s)) {
        throw new IllegalArgumentException("unknown selector " + s);
      }
      terms.add(
          MFS_DAEMONS.contains(s)
              ? "(a.resource = 'mfs' AND a.instance = '" + s + "')"
              : "a.resource = '" + s + "'");
    }
    return "(" + String.join(" OR ", terms) + ")";
  }

  /** {@code all}, or the sorted selectors joined by commas. */
  public String key() {
    return selectors.isEmpty() ? "all" : String.join(",", selectors);
  }
}
