package io.botasky.notifier.channel.webhook;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.botasky.common.text.SafeText;
import io.botasky.notifier.channel.Item;
import io.botasky.notifier.channel.Notification;
import io.botasky.notifier.channel.Render;
import io.botasky.notifier.policy.AlertFacts;
import java.util.List;

/**
 * The JSON body of a webhook in one of its formats: {@code json} (every field, for your own
 * receiver), {@code slack} (incoming webhook {@code {"text": …}}), {@code dingtalk} and {@code
 * wecom} (group robots, {@code {"msgtype": "text", "text": {"content": …}}}). Pure. Every value an
 * agent sent is one line with its controls escaped ({@link SafeText#line}), as in the other
 * channels: a receiver may log it or show it, and the chat text's only line breaks are the ones
 * added here.
 */
public final class WebhookBody {
  private WebhookBody() {}

  public static String render(ObjectMapper json, String format, Notification n, String master) {
    ObjectNode root = json.createObjectNode();
    switch (format) {
      case "slack" -> root.put("text", text(n, master));
      case "dingtalk", "wecom" -> {
        root.put("msgtype", "text");
        root.putObject("text").put("content", text(n, master));
      }
      default -> {
        root.put("master", master);
        root.put("subject", Render.subject(n, master));
        ArrayNode alerts = root.putArray("alerts");
        for (Item i : Render.shown(n.items())) {
          AlertFacts a = i.alert();
          ObjectNode o = alerts.addObject();
          o.put("id", a.id());
          o.put("host", SafeText.line(a.host()));
          o.put("resource", SafeText.line(a.resource()));
          o.put("instance", SafeText.line(a.instance()));
          o.put("check", SafeText.line(a.check()));
          o.put("severity", a.severity().wire());
          o.put("state", i.stateWord().toLowerCase(java.util.Locale.ROOT));
          o.put("summary", i.summaryLine());
          o.put("first_seen", Render.time(a.firstSeen()));
          o.put("last_seen", Render.time(a.lastSeen()));
          o.put("occurrences", a.occurrences());
          o.put("step", i.step());
          o.put("round", i.round());
          if (i.late()) {
            o.put("late", true);
          }
        }
      }
    }
    return root.toString();
  }

  /**
   * Chat robots cap a message (DingTalk about 20 KB, Slack 40,000 characters): list this many
   * alerts.
   */
  static final int CHAT_LINES = 20;

  /** The chat text: the subject, then one line per alert, at most {@link #CHAT_LINES}. */
  static String text(Notification n, String master) {
    StringBuilder sb = new StringBuilder(Render.subject(n, master));
    List<Item> shown = Render.shown(n.items());
    for (Item i : shown.subList(0, Math.min(shown.size(), CHAT_LINES))) {
      sb.append('\n')
          .append(i.headline())
          .append(": ")
          .append(i.summaryLine())
          .append(" (id ")
          .append(i.alert().id());
      if (!i.stateWord().equals("RESOLVED")) {
        sb.append(", step ").append(i.step()).append(", ack: botasky ack ").append(i.alert().id());
      }
      sb.append(')');
    }
    if (shown.size() > CHAT_LINES) {
      sb.append("\n… and ")
          .append(shown.size() - CHAT_LINES)
          .append(" more (botasky alerts --state firing)");
    }
    return sb.toString();
  }
}
