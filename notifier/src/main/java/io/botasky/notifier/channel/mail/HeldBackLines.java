package io.botasky.notifier.channel.mail;

import io.botasky.common.text.SafeText;
import io.botasky.notifier.channel.HeldBack;
import io.botasky.notifier.policy.AlertFacts;

/**
 * The list of alerts a parent holds back, under the parent in its mail (docs/notifier.md,
 * "Dependencies"): host, resource:instance, check and summary of the first {@link HeldBack#CAP},
 * then "and N more". Agents' text is shown one line each, escaped like the rest of the mail.
 */
final class HeldBackLines {
  private HeldBackLines() {}

  static void text(StringBuilder sb, HeldBack h) {
    if (h == null || h.total() == 0) {
      return;
    }
    sb.append("  held back while this fires (")
        .append(h.total())
        .append(" alert(s), notified if still firing when it ends):\n");
    for (AlertFacts c : h.shown()) {
      sb.append("    ").append(line(c)).append('\n');
    }
    if (h.total() > h.shown().size()) {
      sb.append("    and ").append(h.total() - h.shown().size()).append(" more\n");
    }
  }

  static void html(StringBuilder sb, HeldBack h, int columns) {
    if (h == null || h.total() == 0) {
      return;
    }
    sb.append("<tr><td></td><td colspan=\"")
        .append(columns - 1)
        .append("\">Held back while this fires (")
        .append(h.total())
        .append(" alert(s), notified if still firing when it ends):<ul>");
    for (AlertFacts c : h.shown()) {
      sb.append("<li>").append(MailRenderer.esc(line(c))).append("</li>");
    }
    if (h.total() > h.shown().size()) {
      sb.append("<li>and ").append(h.total() - h.shown().size()).append(" more</li>");
    }
    sb.append("</ul></td></tr>");
  }

  /** {@code pi3 mysql:3306 replication_lag: lag 42 s > 30 s (alert 17)}. */
  static String line(AlertFacts c) {
    return SafeText.line(c.host())
        + " "
        + SafeText.line(c.resourceInstance())
        + " "
        + SafeText.line(c.check())
        + ": "
        + (c.summary() == null ? "" : SafeText.line(c.summary()))
        + " (alert "
        + c.id()
        + ")";
  }
}
