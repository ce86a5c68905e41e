package io.botasky.notifier.channel.mail;

import static org.assertj.core.api.Assertions.assertThat;

import io.botasky.notifier.channel.HeldBack;
import io.botasky.notifier.channel.Item;
import io.botasky.notifier.channel.Notification;
import io.botasky.notifier.policy.AlertFacts;
import io.botasky.notifier.policy.Alerts;
import io.botasky.notifier.policy.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The parent's mail lists the alerts it holds back (docs/notifier.md, "Dependencies"). */
class HeldBackMailTest {
  private final MailRenderer r = new MailRenderer("pi1");
  private final AlertFacts down = Alerts.facts(1, "pi3", "host", "pi3", "host_down", "critical");

  private Notification mail(HeldBack h) {
    return new Notification(
        "mail",
        "ops@example.com",
        List.of(new Item(down, Kind.STEP, 3, 1, 0, 7)),
        false,
        "<x>",
        h == null ? Map.of() : Map.of(1L, h));
  }

  @Test
  void listsEachChildWithHostResourceCheckAndSummary() {
    HeldBack h =
        new HeldBack(
            List.of(
                Alerts.facts(10, "pi3", "mysql", "3306", "replication_lag", "warning"),
                Alerts.facts(11, "pi3", "system", "", "cpu_usage", "critical")),
            2);
    String text = r.text(mail(h));
    assertThat(text)
        .contains("held back while this fires (2 alert(s), notified if still firing when it ends):")
        .contains("    pi3 mysql:3306 replication_lag: summary of replication_lag (alert 10)")
        .contains("    pi3 system cpu_usage: summary of cpu_usage (alert 11)")
        .doesNotContain("more");
    assertThat(r.html(mail(h))).contains("<li>pi3 mysql:3306 replication_lag: summary of");
  }

  @Test
  void capsTheListAndCountsTheRest() {
    List<AlertFacts> shown = new ArrayList<>();
    for (int i = 0; i < HeldBack.CAP; i++) {
      shown.add(Alerts.facts(100 + i, "pi3", "process", "p" + i, "process_down", "critical"));
    }
    String text = r.text(mail(new HeldBack(shown, 57)));
    assertThat(text).contains("(57 alert(s),").contains("    and 37 more\n");
    assertThat(r.html(mail(new HeldBack(shown, 57)))).contains("<li>and 37 more</li>");
  }

  @Test
  void aChildsTextFromAnAgentIsOneEscapedLine() {
    AlertFacts evil = Alerts.facts(12, "pi3\nBcc: x@evil", "system", "", "cpu<b>", "warning");
    String text = r.text(mail(new HeldBack(List.of(evil), 1)));
    assertThat(text).doesNotContain("\nBcc:");
    assertThat(r.html(mail(new HeldBack(List.of(evil), 1)))).doesNotContain("cpu<b>");
  }

  @Test
  void nothingHeldBackNothingListed() {
    assertThat(r.text(mail(null))).doesNotContain("held back");
  }
}
