package io.botasky.notifier.policy;

/**
 * Why an alert is not notified now: the firing parent alert and the rule that makes it the parent
 * (docs/notifier.md, "Dependencies").
 *
 * @param parentHeadline {@code pi3 host:pi3 host_down}, for logs and {@code boird explain}
 * @param rule {@link #HOST_DOWN} for the built-in rule, else {@code [dependency NAME]}
 */
public record Suppression(long parentId, String parentHeadline, String rule) {
  /** The built-in rule's name: a host's host_down parents the host's other alerts. */
  public static final String HOST_DOWN = "host_down";

  static String ruleOf(Dependency d) {
    return "[dependency " + d.name() + "]";
  }

  /** {@code parent alert 12 (pi3 host:pi3 host_down) under [dependency mysql_failover]}. */
  public String describe() {
    return "parent alert "
        + parentId
        + " ("
        + parentHeadline
        + ") under "
        + (rule.equals(HOST_DOWN) ? "the built-in host_down rule" : rule);
  }
}
