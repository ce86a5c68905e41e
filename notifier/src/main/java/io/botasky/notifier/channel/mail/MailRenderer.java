package io.botasky.notifier.channel.mail;

import io.botasky.common.text.SafeText;
import io.botasky.notifier.channel.Item;
import io.botasky.notifier.channel.Notification;
import io.botasky.notifier.channel.Render;
import io.botasky.notifier.policy.AlertFacts;
import java.util.List;
import java.util.Map;

/**
 * Subject, text and HTML of a notification mail. Pure. What agents sent (host, instance, check,
 * summary) is shown one line each with its controls escaped ({@link SafeText#line}); the whole text
 * part goes through {@link SafeText#lines} too, so the body's only line breaks are its own.
 */
public final class MailRenderer {
  private final String master;

  public MailRenderer(String master) {
    this.master = master;
  }

  public String subject(Notification n) {
    return Render.subject(n, master);
  }

  public String text(Notification n) {
    return text(n, Map.of());
  }

  /**
   * @param ackLinks alert id → its one-click ack link for this recipient (docs/notifier.md,
   *     "One-click ack")
   */
  public String text(Notification n, Map<Long, String> ackLinks) {
    return SafeText.lines(rawText(n, ackLinks));
  }

  private String rawText(Notification n, Map<Long, String> ackLinks) {
    StringBuilder sb = new StringBuilder();
    if (n.test()) {
      return "This is a test mail from botasky on "
          + master
          + ".\nIf you read this, mail notifications reach you.\n";
    }
    List<Item> shown = Render.shown(n.items());
    if (shown.size() > 1) {
      sb.append(shown.size()).append(" alerts from ").append(master).append(":\n\n");
    }
    for (Item i : shown) {
      AlertFacts a = i.alert();
      sb.append(i.headline()).append('\n');
      sb.append("  ").append(i.summaryLine()).append('\n');
      if (a.value() != null) {
        sb.append("  value ").append(num(a.value()));
        if (a.threshold() != null) {
          sb.append(" (threshold ").append(num(a.threshold())).append(')');
        }
        sb.append('\n');
      }
      sb.append("  first seen ").append(Render.time(a.firstSeen()));
      sb.append(", last seen ").append(Render.time(a.lastSeen()));
      sb.append(", occurrences ").append(a.occurrences()).append('\n');
      if (i.stateWord().equals("RESOLVED")) {
        sb.append("  resolved at ").append(Render.time(a.resolvedAt())).append('\n');
        if (i.late()) {
          sb.append("  late notice: it fired and resolved before botasky could tell you (it")
              .append(" reached the notifier only once resolved); this is its only mail\n");
        }
      } else if (i.stateWord().equals("FLAPPING")) {
        // docs/notifier.md, "Flapping": what the reader will (not) get next.
        sb.append("  flapping: it keeps firing and resolving; no FIRING or RESOLVED mail until it")
            .append(" stays unchanged for the policy's flap_window, then its state once\n");
      } else {
        sb.append("  escalation step ").append(i.step());
        if (i.round() > 0) {
          sb.append(" (repeat ").append(i.round()).append(')');
        }
        sb.append('\n');
        sb.append("  to ack: ").append(Render.ackHint(a.id())).append('\n');
        if (ackLinks.containsKey(a.id())) {
          sb.append("  ack in one click: ").append(ackLinks.get(a.id())).append('\n');
        }
        HeldBackLines.text(sb, n.heldBack().get(a.id()));
      }
      sb.append("  alert id ").append(a.id()).append("\n\n");
    }
    sb.append("-- botasky on ").append(master).append('\n');
    return sb.toString();
  }

  public String html(Notification n) {
    return html(n, Map.of());
  }

  /** The HTML part; {@code ackLinks} as for {@link #text(Notification, Map)}. */
  public String html(Notification n, Map<Long, String> ackLinks) {
    StringBuilder sb =
        new StringBuilder("<!DOCTYPE html><html><body style=\"font-family:sans-serif\">");
    if (n.test()) {
      sb.append("<p>This is a test mail from botasky on ").append(esc(master)).append(".</p>");
      return sb.append("</body></html>").toString();
    }
    sb.append("<table cellpadding=\"4\" style=\"border-collapse:collapse\">");
    sb.append(
            "<tr><th>state</th><th>severity</th><th>host</th><th>resource</th><th>check</th><th>summary</th>")
        .append(
            "<th>first seen</th><th>last"
                + " seen</th><th>occurrences</th><th>step</th><th>id</th></tr>");
    for (Item i : Render.shown(n.items())) {
      AlertFacts a = i.alert();
      String color =
          i.stateWord().equals("RESOLVED")
              ? "#2e7d32"
              : "CRITICAL".equals(i.severityWord()) ? "#c62828" : "#ef6c00";
      sb.append("<tr style=\"border-top:1px solid #ccc\">")
          .append("<td style=\"color:")
          .append(color)
          .append("\"><b>")
          .append(i.stateWord())
          .append(i.late() ? " (late notice: fired and resolved before it reached botasky)" : "")
          .append("</b></td>")
          .append("<td>")
          .append(i.severityWord())
          .append("</td>")
          .append("<td>")
          .append(esc(SafeText.line(a.host())))
          .append("</td>")
          .append("<td>")
          .append(esc(SafeText.line(a.resourceInstance())))
          .append("</td>")
          .append("<td>")
          .append(esc(SafeText.line(a.check())))
          .append("</td>")
          .append("<td>")
          .append(esc(i.summaryLine()))
          .append("</td>")
          .append("<td>")
          .append(Render.time(a.firstSeen()))
          .append("</td>")
          .append("<td>")
          .append(Render.time(a.lastSeen()))
          .append("</td>")
          .append("<td>")
          .append(a.occurrences())
          .append("</td>")
          .append("<td>")
          .append(i.stateWord().equals("RESOLVED") ? "-" : String.valueOf(i.step()))
          .append("</td>")
          .append("<td>")
          .append(a.id())
          .append(ackLinks.containsKey(a.id()) ? ackCell(ackLinks.get(a.id())) : "")
          .append("</td></tr>");
      if (!i.stateWord().equals("RESOLVED")) {
        HeldBackLines.html(sb, n.heldBack().get(a.id()), 11);
      }
    }
    sb.append(
        "</table><p>To ack: <code>botasky ack ID --by YOUR_NAME</code> or <code>POST"
            + " /api/v1/alerts/ID/ack</code>.</p>");
    return sb.append("<p>-- botasky on ")
        .append(esc(master))
        .append("</p></body></html>")
        .toString();
  }

  /** The one-click ack link (a URL this side built, escaped all the same). */
  private static String ackCell(String link) {
    return " <a href=\"" + esc(link) + "\">ack</a>";
  }

  private static String num(double d) {
    return d == Math.rint(d) && Math.abs(d) < 1e15 ? String.valueOf((long) d) : String.valueOf(d);
  }

  static String esc(String s) {
    if (s == null) {
      return "";
    }
    return s.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }
}
