package io.botasky.notifier.policy;

import java.util.List;

/**
 * A {@code [contacts NAME]} section: who to reach and how.
 *
 * @param mail mail addresses, each validated at start
 * @param webhook URL of a webhook, or null
 * @param webhookFormat body shape of the webhook: {@code json}, {@code slack}, {@code dingtalk},
 *     {@code wecom}
 */
public record Contact(String name, List<String> mail, String webhook, String webhookFormat) {
  public Contact {
    mail = List.copyOf(mail);
  }
}
