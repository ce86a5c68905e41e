package io.botasky.notifier.channel.mail;

import static org.assertj.core.api.Assertions.assertThat;

import io.botasky.notifier.channel.Item;
import io.botasky.notifier.channel.Notification;
import io.botasky.notifier.channel.Render;
import io.botasky.notifier.policy.AlertFacts;
import io.botasky.notifier.policy.Alerts;
import io.botasky.notifier.policy.Kind;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The one mail of an alert that reached boird resolved (docs/notifier.md). */
class LateNoticeMailTest {
  private final MailRenderer r = new MailRenderer("pi1");
  private final AlertFacts tcp =
      Alerts.resolvedAfter(
          Alerts.facts(5, "soak3", "tcp", "collector", "unreachable", "warning"),
          Duration.ofSeconds(30));

  private Notification mail(int step) {
    return new Notification(
        "mail",
        "ops@example.com",
        List.of(new Item(tcp, Kind.RESOLVED, 2, step, 0, 9)),
        false,
        "<x>",
        Map.of());
  }

  @Test
  void saysItIsLateAndTheOnlyMail() {
    Notification n = mail(1);
    assertThat(Render.subject(n, "pi1"))
        .isEqualTo("[botasky] WARNING RESOLVED soak3 tcp:collector unreachable");
    assertThat(r.text(n))
        .contains("  first seen 2026-11-21T10:00:00.000Z")
        .contains("  resolved at 2026-11-21T10:00:30.000Z\n")
        .contains("  late notice: it fired and resolved before botasky could tell you")
        .doesNotContain("to ack");
    assertThat(r.html(n)).contains("RESOLVED (late notice:");
  }

  @Test
  void aRecoveryNoticeSaysNothingOfLateness() {
    Notification n = mail(0);
    assertThat(r.text(n)).doesNotContain("late");
    assertThat(r.html(n)).doesNotContain("late");
  }
}
